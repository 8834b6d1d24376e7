// The Word 97 / WPS reader: paragraphs of a LibreOffice-saved .doc in order (the source paragraphs
// are the oracle), a .wps in Word's binary format read the same way, and encrypted, corrupt and
// non-Word OLE files refused with a reason staff can act on.
import CFB from 'cfb';
import { describe, expect, it } from 'vitest';
import { bodyLines, decodeDoc, oleContent } from '../../ingest/readers/doc.js';
import { readDocument } from '../../ingest/readers/index.js';
import { OFFICE_SUMMARY, WPS_SUMMARY } from '../fixtures/office-fixtures.js';
import { expectedLines, officeFixture, SUMMARY_NAME, WPS_NAME } from '../fixtures/office-files.js';

describe('doc reader', () => {
  it('reads every paragraph of a Word 97 file in order, Chinese quotation marks kept', async () => {
    const doc = await decodeDoc(officeFixture(`${SUMMARY_NAME}.doc`));
    expect(doc.format).toBe('doc');
    // word-extractor does not expose paragraph styles: headings are found later by their markers.
    expect(doc.lines).toEqual(expectedLines(OFFICE_SUMMARY, false));
    expect(doc.lines.some((l) => l.text.includes('“第一议题”'))).toBe(true);
  });

  it('reads a WPS file saved in the Word binary format, picked by its bytes', async () => {
    const doc = await readDocument({ relPath: `a/${WPS_NAME}`, bytes: officeFixture(WPS_NAME) });
    expect(doc.format).toBe('doc');
    expect(doc.lines.map((l) => l.text)).toEqual(WPS_SUMMARY.map((p) => p.text));
  });

  it('reads a .doc that is really a docx as docx, heading styles and all', async () => {
    const doc = await readDocument({ relPath: '其实是docx.doc', bytes: officeFixture(`${SUMMARY_NAME}（其实是docx）.doc`) });
    expect(doc.format).toBe('docx');
    expect(doc.lines).toEqual(expectedLines(OFFICE_SUMMARY, true));
  });

  it('refuses a password-protected .doc and a password-protected .docx (an OLE container) as encrypted', async () => {
    await expect(decodeDoc(officeFixture('加密的 党建工作总结.doc'))).rejects.toThrow('加密文件，无法读取');
    await expect(readDocument({ relPath: '加密的 党建工作总结.docx', bytes: officeFixture('加密的 党建工作总结.docx') })).rejects.toThrow(
      '加密文件，无法读取',
    );
  });

  it('calls a truncated .doc damaged instead of failing with a parser error', async () => {
    await expect(readDocument({ relPath: 'x.doc', bytes: officeFixture('损坏的 党建工作总结.doc') })).rejects.toThrow(/损坏/);
  });

  it('names an Excel or PowerPoint file under a .doc name for what it is', async () => {
    const make = (stream: string) => {
      const c = CFB.utils.cfb_new();
      CFB.utils.cfb_add(c, `/${stream}`, Buffer.alloc(4096, 1));
      return Buffer.from(CFB.write(c, { type: 'buffer' }) as Uint8Array);
    };
    expect(oleContent(make('Workbook'))).toBe('excel');
    expect(oleContent(make('PowerPoint Document'))).toBe('powerpoint');
    await expect(decodeDoc(make('Workbook'))).rejects.toThrow('不支持的文件类型：内容是 Excel 97-2003 表格');
  });

  it('says a Word 6.0/95 file is that old format, not damaged', async () => {
    const fib = Buffer.alloc(1024);
    fib.writeUInt16LE(0xa5dc, 0); // wIdent of Word 6.0/95
    fib.writeUInt16LE(104, 2); // nFib of Word 95
    const c = CFB.utils.cfb_new();
    CFB.utils.cfb_add(c, '/WordDocument', fib);
    const bytes = Buffer.from(CFB.write(c, { type: 'buffer' }) as Uint8Array);
    expect(oleContent(bytes)).toBe('word95');
    await expect(decodeDoc(bytes)).rejects.toThrow(/不支持 Word 6\.0\/95 格式/);
  });

  it('turns table cells (tab-separated) into spaced text and drops Word control characters', () => {
    expect(bodyLines('一、基本情况\r指标\t2022年\t2023年\r\x07\r\n\f党员人数\x01 126\n')).toEqual([
      { text: '一、基本情况' },
      { text: '指标 2022年 2023年' },
      { text: '党员人数 126' },
    ]);
  });
});
