// The RTF reader: LibreOffice's RTF (\uN with fallbacks, \outlinelevel on headings) and the RTF a
// Chinese Word or WPS writes (GBK bytes as \'xx under a GB2312 font, heading styles named in the
// stylesheet), with headers, footers, footnotes and field instructions left out.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeRtf } from '../../ingest/readers/rtf.js';
import { readDocument } from '../../ingest/readers/index.js';
import { OFFICE_SUMMARY } from '../fixtures/office-fixtures.js';
import { expectedLines, officeFixture, SUMMARY_NAME } from '../fixtures/office-files.js';

/** Text as a Chinese Word writes it into RTF: every non-ASCII byte of its GBK form as \'xx. */
const gbk = (s: string) =>
  [...iconv.encode(s, 'gbk')].map((b) => (b < 0x80 ? String.fromCharCode(b) : `\\'${b.toString(16).padStart(2, '0')}`)).join('');

describe('rtf reader', () => {
  it('reads every paragraph of a LibreOffice RTF with its heading level', async () => {
    const doc = await decodeRtf(officeFixture(`${SUMMARY_NAME}.rtf`));
    expect(doc.format).toBe('rtf');
    expect(doc.lines).toEqual(expectedLines(OFFICE_SUMMARY, true));
  });

  it('decodes GBK bytes of a Chinese Word RTF and takes heading levels from the stylesheet', async () => {
    const rtf = [
      '{\\rtf1\\ansi\\ansicpg936\\deff0',
      `{\\fonttbl{\\f0\\fnil\\fcharset134 ${gbk('宋体')};}{\\f1\\fswiss\\fcharset0 Arial;}}`,
      '{\\colortbl;\\red0\\green0\\blue0;}',
      `{\\stylesheet{\\s0 Normal;}{\\s1\\sbasedon0 heading 1;}{\\s2\\sbasedon0 ${gbk('标题 2')};}}`,
      `{\\info{\\title ${gbk('不该出现的文档属性')}}}`,
      `{\\header \\pard ${gbk('XX县委组织部文件')}\\par}`,
      `{\\footer \\pard ${gbk('第 1 页')}\\par}`,
      `\\pard\\qc\\f0 ${gbk('XX社区党委2023年度党建工作总结')}\\par`,
      `\\pard\\s1 ${gbk('一、主要工作')}\\par`,
      `\\pard\\s2 ${gbk('（一）加强组织建设')}\\par`,
      // An automatically numbered heading: Word writes the number as printed in \listtext.
      `\\pard\\s2\\ls1 {\\listtext\\f0 ${gbk('（二）')}\\tab}${gbk('加强作风建设')}\\par`,
      `\\pard ${gbk('全年召开党员大会')}{\\field{\\*\\fldinst { PAGE }}{\\fldrslt 12}}${gbk('次')}{\\footnote \\pard ${gbk('脚注不进正文')}}${gbk('，')}\\line ${gbk('发展党员X名。')}\\par`,
      `\\pard\\intbl ${gbk('指标')}\\cell ${gbk('数量')}\\cell\\row`,
      `\\pard \\uc1\\u8220?${gbk('三会一课')}\\u8221?${gbk('落实到位')}\\par`,
      '}',
    ].join('\n');
    const doc = await decodeRtf(Buffer.from(rtf, 'latin1'));
    expect(doc.lines).toEqual([
      { text: 'XX社区党委2023年度党建工作总结' },
      { text: '一、主要工作', styleLevel: 1 },
      { text: '（一）加强组织建设', styleLevel: 2 },
      { text: '（二） 加强作风建设', styleLevel: 2 },
      { text: '全年召开党员大会12次，' },
      { text: '发展党员X名。' },
      { text: '指标' },
      { text: '数量' },
      { text: '“三会一课”落实到位' },
    ]);
  });

  it('reads fonts listed without a group each, and a style whose definition holds a group of its own', async () => {
    const rtf = [
      '{\\rtf1\\ansi\\ansicpg1252',
      `{\\fonttbl\\f0\\fswiss Arial;\\f1\\fnil\\fcharset134 SimSun;}`,
      '{\\stylesheet{\\s0 Normal;}{\\s3{\\*\\keycode \\shift\\ctrl 3}heading 3;}}',
      `\\pard\\s3\\f1 ${gbk('（三）加强作风建设')}\\par`,
      `\\pard\\f1 ${gbk('正文')}\\par}`,
    ].join('\n');
    expect((await decodeRtf(Buffer.from(rtf, 'latin1'))).lines).toEqual([
      { text: '（三）加强作风建设', styleLevel: 3 },
      { text: '正文' },
    ]);
  });

  it('reads a .doc that is really RTF as RTF', async () => {
    const doc = await readDocument({ relPath: '其实是RTF.doc', bytes: officeFixture(`${SUMMARY_NAME}.rtf`) });
    expect(doc.format).toBe('rtf');
    expect(doc.lines[0]!.text).toBe(OFFICE_SUMMARY[0]!.text);
  });

  it('keeps what a truncated RTF holds, and calls one with no text empty', async () => {
    const bytes = officeFixture(`${SUMMARY_NAME}.rtf`);
    const doc = await decodeRtf(bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    expect(doc.lines.map((l) => l.text).slice(0, 3)).toEqual(OFFICE_SUMMARY.slice(0, 3).map((p) => p.text));
    await expect(decodeRtf(Buffer.from('{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\par}'))).rejects.toThrow('空文件');
  });
});
