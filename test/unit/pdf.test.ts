// The PDF reader on a Word-exported-like PDF printed by Chromium (test/fixtures/pdf/make-pdf-fixtures.ts):
// paragraphs as written, pages, the running header and page footer listed as removed; bad PDFs refused
// with a reason.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDocument } from '../../ingest/readers/index.js';
import { decodePdf } from '../../ingest/readers/pdf.js';
import { BadInputError } from '../../src/core/errors.js';
import { RUNNING_HEADER, WORD_LIKE_PARAGRAPHS } from '../fixtures/pdf/pdf-texts.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/pdf/${name}`, import.meta.url));
const WORD_LIKE = '财政局机关党委 2023年度党建工作总结 word导出.pdf';

describe('pdf reader', () => {
  it('gives the paragraphs as written: lines broken at the page width and a paragraph cut by the page break joined', async () => {
    const doc = await readDocument({ relPath: `a/${WORD_LIKE}`, bytes: fixture(WORD_LIKE) });
    expect(doc.format).toBe('pdf');
    expect(doc.pageCount).toBe(2);
    expect(doc.ocr).toBeUndefined();
    expect(doc.lines.map((l) => l.text)).toEqual(WORD_LIKE_PARAGRAPHS);
    // The phrase across the page break (…完成三个支部的 | 换届选举…) is in one line, on the page it starts.
    const cut = doc.lines.find((l) => l.text.includes('完成三个支部的换届选举'))!;
    expect(cut.page).toBe(1);
    expect(doc.lines.every((l) => l.page === 1 || l.page === 2)).toBe(true);
    expect(doc.lines.at(-1)!.page).toBe(2);
  });

  it('lists the running header and the 第 N 页 共 M 页 footer of every page as removed chrome', async () => {
    const doc = await decodePdf(fixture(WORD_LIKE), { fileName: WORD_LIKE });
    expect(doc.removed!.map((r) => [r.kind, r.rule])).toEqual([
      ['chrome', 'PDF页眉'],
      ['chrome', 'PDF页码'],
      ['chrome', 'PDF页眉'],
      ['chrome', 'PDF页码'],
    ]);
    expect(doc.removed![0]!.text).toContain(RUNNING_HEADER);
    expect(doc.removed![1]!.text).toMatch(/^第 1 页 共 2 页/);
    expect(doc.lines.some((l) => l.text.includes(RUNNING_HEADER) || /第\s*\d\s*页/.test(l.text))).toBe(false);
  });

  it('reports pages done of pages total', async () => {
    const seen: [number, number][] = [];
    await decodePdf(fixture(WORD_LIKE), { fileName: WORD_LIKE, progress: (d, t) => seen.push([d, t]) });
    expect(seen).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });

  it('refuses an encrypted PDF, a broken one and one with more pages than allowed, each with its reason', async () => {
    const reason = (p: Promise<unknown>) => p.then(() => 'read', (e: unknown) => (e instanceof BadInputError ? e.reason : `other: ${String(e)}`));
    expect(await reason(readDocument({ relPath: 'x.pdf', bytes: fixture('加密的 encrypted.pdf') }))).toMatch(/^加密文件，无法读取/);
    expect(await reason(readDocument({ relPath: 'x.pdf', bytes: fixture('损坏的 truncated.pdf') }))).toMatch(/PDF 文件已损坏|没有文字/);
    expect(await reason(readDocument({ relPath: 'x.pdf', bytes: Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n', 'latin1') }))).toMatch(/PDF/);
    expect(await reason(decodePdf(fixture(WORD_LIKE), { fileName: 'x.pdf', options: { maxPages: 1 } }))).toMatch(/共 2 页，超过上限 1 页/);
  });

  it('skips a scan with its reason when OCR is off', async () => {
    const reason = await decodePdf(fixture('镇党委 上半年总结 扫描件.pdf'), { fileName: 'scan.pdf', options: { ocr: false } }).catch((e: BadInputError) => e.reason);
    expect(reason).toMatch(/扫描件.*OCR 已关闭（OCR=false）/);
  });
});
