// The pure stages together (decode → clean → metadata → split → segment/classify → records) on every
// sample file and every fixture format: the metadata and section counts a reader would expect.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { processFile } from '../../ingest/process-file.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const run = (rel: string) => processFile({ relPath: path.basename(rel), bytes: readFileSync(path.join(ROOT, rel)) }, '2026-01-01T00:00:00.000Z');

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
