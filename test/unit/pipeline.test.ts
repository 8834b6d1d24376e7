// The pure stages together (decode → clean → metadata → split → segment/classify → records) on every
// sample file and every fixture format: the metadata and section counts a reader would expect.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { processFile } from '../../ingest/process-file.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const runFile = (rel: string) => processFile({ relPath: path.basename(rel), bytes: readFileSync(path.join(ROOT, rel)) }, '2026-01-01T00:00:00.000Z');
/** A file holding one summary: its one document. */
const run = async (rel: string) => {
  const { documents } = await runFile(rel);
  expect(documents).toHaveLength(1);
  return documents[0]!;
};

// [file, title, titleDerived, year, period, orgType, orgName, sections, encoding]
const EXPECTED: Array<[string, string, boolean, number, string, string, string | null, number, string]> = [
  ['corpus/sample/XX县供销社机关党支部2023年上半年党建工作总结.txt', 'XX县供销社机关党支部2023年上半年党建工作总结', false, 2023, '上半年', '党政机关', 'XX县供销社机关党支部', 18, 'UTF-8'],
  ['corpus/sample/XX中心2023年下半年党支部工作情况.txt', 'XX中心2023年下半年党支部工作情况', false, 2023, '下半年', '事业单位', 'XX中心', 21, 'UTF-8'],
  ['corpus/sample/2020年上半年机关党建工作总结.txt', '2020年上半年机关党建工作总结', false, 2020, '上半年', '党政机关', null, 12, 'UTF-8'],
  ['corpus/sample/2023年支部工作总结.txt', '2023年支部工作总结', false, 2023, '全年', '党政机关', null, 31, 'UTF-8'],
  ['corpus/sample/党支部2023年上半年工作总结（无标题）.txt', '党支部2023年上半年工作总结', true, 2023, '上半年', '党政机关', null, 12, 'UTF-8'],
  ['test/fixtures/encodings/学校 "2022" 年度党建工作总结 gb18030.txt', 'XX中学党总支2022年度党建工作总结', false, 2022, '全年', '学校', 'XX中学党总支', 21, 'GB18030'],
  ['test/fixtures/encodings/XX镇党委 上半年总结 gbk-crlf.txt', 'XX镇党委2023年上半年党建工作总结', false, 2023, '上半年', '乡镇街道', 'XX镇党委', 5, 'GB18030'],
  ['test/fixtures/encodings/村党支部年度总结 utf8-bom-crlf.txt', 'XX村党支部2023年度工作总结', false, 2023, '全年', '村社区', 'XX村党支部', 4, 'UTF-8 BOM'],
  ['test/fixtures/encodings/医院党委半年总结 utf16le-bom.txt', 'XX县人民医院党委2023年上半年党建工作总结', false, 2023, '上半年', '医院', 'XX县人民医院党委', 5, 'UTF-16LE'],
  ['test/fixtures/encodings/國小黨支部總結 big5.txt', 'XX國小教師黨支部2022年工作總結', false, 2022, '全年', '学校', 'XX國小教師黨支部', 3, 'Big5'],
  ['test/fixtures/docx/集团公司党委 2023年党建工作总结.docx', 'XX集团公司党委2023年党建工作总结', false, 2023, '全年', '国有企业', 'XX集团公司党委', 7, 'docx'],
  ['test/fixtures/split/parts.txt', 'XX市教育局党组2022年度全面从严治党工作总结', false, 2022, '全年', '党政机关', 'XX市教育局党组', 11, 'UTF-8'],
  ['test/fixtures/split/paren-circled.txt', 'XX县人民医院党委2023年第一季度党建工作情况汇报', false, 2023, '第一季度', '医院', 'XX县人民医院党委', 11, 'UTF-8'],
  // Debris of other sites (issue 12): titles without their labels and site names, metadata as usual.
  ['test/fixtures/debris/医院党委 站点框架与付费提示 utf8.txt', 'XX县人民医院党委2023年上半年党建工作总结', false, 2023, '上半年', '医院', 'XX县人民医院党委', 6, 'UTF-8'],
  ['test/fixtures/debris/财政局 标签行与剩余页提示 gb18030.txt', 'XX县财政局2023年度机关党建工作总结', false, 2023, '全年', '党政机关', 'XX县财政局', 4, 'GB18030'],
  ['test/fixtures/debris/學院黨委 繁體拼音 utf8.txt', 'XX職業技術學院黨委2024年上半年黨建工作總結', false, 2024, '上半年', '学校', 'XX職業技術學院黨委', 3, 'UTF-8'],
  ['test/fixtures/debris/村党支部 文库导出分页 utf8.txt', 'XX村党支部2023年党建工作总结', false, 2023, '全年', '村社区', 'XX村党支部', 4, 'UTF-8'],
  ['test/fixtures/debris/中医院党支部 网页复制一行 utf8.txt', 'XX县中医院党支部2023年上半年工作总结及下一步工作计划', false, 2023, '上半年', '医院', 'XX县中医院党支部', 6, 'UTF-8'],
  ['test/fixtures/debris/乡党委 一行截断 utf8.txt', 'XX乡党委2022年党建工作总结', false, 2022, '全年', '乡镇街道', 'XX乡党委', 1, 'UTF-8'],
];

describe('every sample file and fixture through the pure stages', () => {
  for (const [file, title, titleDerived, year, period, orgType, orgName, count, encoding] of EXPECTED) {
    it(path.basename(file), async () => {
      const p = await run(file);
      expect(p.meta).toMatchObject({ title, titleDerived, year, period, orgType, orgName });
      expect(p.sections.length).toBe(count);
      expect(p.document).toMatchObject({ encoding, sectionCount: count, title, year, period, orgType });
      // Stable ids: the content hash and the reading order.
      expect(p.sections.map((s) => s.id)).toEqual(p.sections.map((_, i) => `${p.document.docId}-${String(i).padStart(4, '0')}`));
      expect(p.sections.every((s) => s.themes.length >= 1 && s.themes.length <= 3)).toBe(true);
    });
  }

  it('flags documents their source cut short, with the stated count, on the document and every section', async () => {
    const cases: Array<[string, boolean, number | null]> = [
      ['test/fixtures/debris/医院党委 站点框架与付费提示 utf8.txt', true, 680 + 955],
      ['test/fixtures/debris/财政局 标签行与剩余页提示 gb18030.txt', true, 2300],
      ['test/fixtures/debris/乡党委 一行截断 utf8.txt', true, 1203],
      ['test/fixtures/debris/村党支部 文库导出分页 utf8.txt', false, null],
      ['corpus/sample/2020年上半年机关党建工作总结.txt', false, null],
    ];
    for (const [file, truncated, missingChars] of cases) {
      const p = await run(file);
      expect(p.document, file).toMatchObject({ truncated, missingChars, part: null, partCount: 1, partDocIds: [p.document.docId] });
      expect(p.sections.every((s) => s.truncated === truncated && s.missingChars === missingChars), file).toBe(true);
    }
  });

  it('sections of a one-line web copy follow its recovered headings', async () => {
    const p = await run('test/fixtures/debris/中医院党支部 网页复制一行 utf8.txt');
    expect(p.sections.map((s) => s.headingPath)).toEqual([
      [],
      ['一、工作开展情况'],
      ['一、工作开展情况', '(一)突出政治引领'],
      ['一、工作开展情况', '(二)加强队伍建设,发展预备党员2名,按期转正3名,患者满意度持续提升'],
      // A heading glued to its body without any punctuation stays glued (no safe place to cut).
      ['二、存在的问题部分党员学习的主动性不强,学用结合不够紧密'],
      ['三、下一步工作计划持续深化“党建+医疗服务”品牌建设,推动支部工作标准化规范化'],
    ]);
  });

  it('gives the same ids for the same bytes', async () => {
    const a = await run(EXPECTED[0]![0]);
    const b = await run(EXPECTED[0]![0]);
    expect(b.sections.map((s) => s.id)).toEqual(a.sections.map((s) => s.id));
    expect(b.document.docId).toBe(a.document.docId);
  });

  it('finds traditional-script documents through simplified sub-words', async () => {
    const p = await run('test/fixtures/encodings/國小黨支部總結 big5.txt');
    const all = p.sections.flatMap((s) => s.subwords.flatMap((g) => g.split(' ')));
    expect(all).toContain('支部');
    expect(p.sections.map((s) => s.text).join('')).toMatch(/黨/);
  });

  it('classifies the role of problem and plan sections first', async () => {
    const p = await run('corpus/sample/XX中心2023年下半年党支部工作情况.txt');
    const byHeading = Object.fromEntries(p.sections.map((s) => [s.heading, s.themes]));
    expect(byHeading['（二）意识形态工作开展情况']).toEqual(['意识形态']);
    expect(byHeading['（一）党建工作方法上缺乏创新']![0]).toBe('存在问题');
    expect(byHeading['（二）强化纪律作风建设']).toEqual(['工作计划', '作风纪律']);
    expect(byHeading['（五）党费收缴制度落实情况']).toEqual(['党员管理']);
  });
});
