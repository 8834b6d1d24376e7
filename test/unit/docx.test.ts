// The streaming docx reader (ingest/readers/docx.ts) against its oracle, mammoth's lines
// (test/helpers/mammoth-oracle.ts): hand-made documents for each construct Word writes, generated
// ones mixing them, and the file of issue 17 (megabytes of tiny paragraphs) read in bounded memory.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDocx, DOCX_LIMITS, headingLevelOfName } from '../../ingest/readers/docx.js';
import { BadInputError } from '../../src/core/errors.js';
import { buildDocx, para, tinyParagraphsDocx, xmlEscape } from '../helpers/docx-builder.js';
import { mammothLines } from '../helpers/mammoth-oracle.js';

const run = (t: string) => `<w:r><w:t xml:space="preserve">${xmlEscape(t)}</w:t></w:r>`;

const CASES: Record<string, Parameters<typeof buildDocx>[0]> = {
  'headings by style id, by name (any case), by Chinese name, a numeric WPS id': {
    body: [para('标题一', 'Heading1'), para('标题二', 'Heading2'), para('标题三', 'a3'), para('标题四', '2'), para('正文', 'Title'), para('未知样式', 'Nope')].join(''),
  },
  'footnote and endnote references dropped, their texts after the body in order of reference': {
    body:
      `<w:p>${run('正文一')}<w:r><w:endnoteReference w:id="1"/></w:r>${run('接着')}<w:r><w:footnoteReference w:id="2"/></w:r></w:p>` +
      `<w:p>${run('正文二')}<w:r><w:footnoteReference w:id="1"/></w:r></w:p>`,
    footnotes: { '1': `<w:p><w:r><w:footnoteRef/></w:r>${run(' 脚注甲')}</w:p>`, '2': `<w:p>${run('脚注乙')}</w:p><w:p>${run('脚注乙第二段')}</w:p>`, '3': `<w:p>${run('未引用')}</w:p>` },
    endnotes: { '1': `<w:p>${run('尾注')}</w:p>` },
  },
  'tracked changes: insertions kept, deletions and moved-away text dropped, a deleted paragraph mark joins paragraphs': {
    body:
      `<w:p>${run('保留')}<w:ins w:id="1" w:author="a">${run('插入')}</w:ins><w:del w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del></w:p>` +
      `<w:p><w:pPr><w:rPr><w:del w:id="3" w:author="a"/></w:rPr></w:pPr>${run('前半')}</w:p><w:p>${run('后半')}</w:p>` +
      `<w:p><w:moveFrom w:id="4" w:author="a">${run('移走')}</w:moveFrom>${run('留下')}</w:p>`,
  },
  'tables, nested tables and merged cells: one line per cell paragraph': {
    body:
      '<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/></w:tblGrid>' +
      `<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>${para('合并')}</w:tc></w:tr>` +
      `<w:tr><w:tc>${para('甲')}${para('甲二')}</w:tc><w:tc><w:tbl><w:tr><w:tc>${para('内层')}</w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>` +
      para('表后'),
  },
  'hyperlinks, smart tags, content controls, fields: their text kept, field codes dropped': {
    body:
      `<w:p><w:hyperlink r:id="rId9">${run('链接文字')}</w:hyperlink><w:smartTag w:element="x">${run('智能')}</w:smartTag></w:p>` +
      `<w:sdt><w:sdtPr><w:alias w:val="控件"/></w:sdtPr><w:sdtContent>${para('控件内容')}</w:sdtContent></w:sdt>` +
      `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>${run('3')}<w:r><w:fldChar w:fldCharType="end"/></w:r>${run(' 页')}</w:p>`,
  },
  'tabs, hyphens, soft line breaks in a heading, page breaks that do not end a line': {
    body:
      `<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>${run('一、上')}<w:r><w:br/></w:r>${run('下')}</w:p>` +
      `<w:p>${run('甲')}<w:r><w:tab/></w:r>${run('乙')}<w:r><w:noBreakHyphen/></w:r>${run('丙')}<w:r><w:br w:type="page"/></w:r>${run('丁')}</w:p>` +
      `<w:p>${run('   ')}</w:p><w:p>${run('尾部空格   ')}</w:p><w:p>${run('　　全角缩进')}</w:p>`,
  },
  'markup compatibility: the Fallback read, the Choice not; a VML text box after its paragraph': {
    body:
      `<w:p>${run('框外')}<mc:AlternateContent><mc:Choice Requires="wps"><w:r>${run('新式')}</w:r></mc:Choice><mc:Fallback><w:r><w:pict><v:shape><v:textbox><w:txbxContent>${para('文本框')}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></mc:Fallback></mc:AlternateContent>${run('框后')}</w:p>` +
      para('下一段'),
  },
  'entities and CDATA-free escapes come back as characters': { body: para('R&D <0.1‰> "引号" \'单\'') },
};

describe('docx reader: the same lines as mammoth', () => {
  for (const [name, parts] of Object.entries(CASES)) {
    it(name, async () => {
      const bytes = await buildDocx(parts);
      const lines = (await decodeDocx(bytes)).lines;
      expect(lines).toEqual(await mammothLines(bytes));
      expect(lines.length).toBeGreaterThan(0);
    });
  }

  it('agrees with mammoth on generated documents mixing paragraphs, headings, breaks, tables and notes', async () => {
    const text = fc.stringMatching(/^[党建工作总结一二三AbC1 　&<>]{0,12}$/);
    const runXml = fc.oneof(
      text.map(run),
      fc.constant('<w:r><w:br/></w:r>'),
      fc.constant('<w:r><w:tab/></w:r>'),
      text.map((t) => `<w:ins w:id="1" w:author="a">${run(t)}</w:ins>`),
      text.map((t) => `<w:del w:id="1" w:author="a"><w:r><w:delText>${xmlEscape(t)}</w:delText></w:r></w:del>`),
      fc.constant('<w:r><w:footnoteReference w:id="1"/></w:r>'),
      text.map((t) => `<w:hyperlink r:id="rId9">${run(t)}</w:hyperlink>`),
    );
    const paragraph = fc
      .tuple(fc.constantFrom('', 'Heading1', 'Heading2', 'a3', '2', 'Title'), fc.array(runXml, { maxLength: 5 }))
      .map(([s, runs]) => `<w:p>${s ? `<w:pPr><w:pStyle w:val="${s}"/></w:pPr>` : ''}${runs.join('')}</w:p>`);
    const block = fc.oneof(
      { weight: 4, arbitrary: paragraph },
      { weight: 1, arbitrary: fc.array(fc.array(paragraph, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 }).map((cells) => `<w:tbl><w:tr>${cells.map((c) => `<w:tc>${c.join('')}</w:tc>`).join('')}</w:tr></w:tbl>`) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(block, { minLength: 1, maxLength: 12 }), async (blocks) => {
        const bytes = await buildDocx({ body: blocks.join(''), footnotes: { '1': para('脚注') } });
        const expected = await mammothLines(bytes);
        if (expected.length === 0) {
          await expect(decodeDocx(bytes)).rejects.toThrow('空文件');
          return;
        }
        expect((await decodeDocx(bytes)).lines).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('names heading styles as Word and Chinese templates do', () => {
    expect(['heading 1', 'Heading 2', 'HEADING 3', '标题 4', '标题5', '标题  6'].map(headingLevelOfName)).toEqual([1, 2, 3, 4, 5, undefined]);
    expect(headingLevelOfName('Heading 7')).toBeUndefined();
    expect(headingLevelOfName('副标题')).toBeUndefined();
  });
});

describe('docx reader: bounded memory', () => {
  it('reads the 600 KB docx of 150,000 tiny paragraphs (5 MB of XML) whole, with a small heap and progress reports', async () => {
    const bytes = await tinyParagraphsDocx(150_000);
    expect(bytes.length).toBeLessThan(850 * 1024);
    const progress: number[] = [];
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    const doc = await decodeDocx(bytes, { progress: (done) => progress.push(done) });
    expect(doc.lines).toHaveLength(150_000);
    expect(doc.lines[149_999]!.text).toMatch(/^\D+\d+$/);
    // mammoth needed more than 384 MB of heap for this file; the lines themselves are ~15 MB.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(120 * 2 ** 20);
    expect(progress.length).toBeGreaterThanOrEqual(4);
  });

  it('refuses more paragraphs than any compilation holds with a reason that says so', async () => {
    const bytes = await tinyParagraphsDocx(DOCX_LIMITS.maxLines + 1);
    const err = await decodeDocx(bytes).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadInputError);
    expect((err as BadInputError).reason).toBe(`docx 内容过多（超过 ${DOCX_LIMITS.maxLines} 个段落），不像工作总结，已拒绝`);
  });
});
