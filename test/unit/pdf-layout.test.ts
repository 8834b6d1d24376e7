// Printed lines back into paragraphs, page furniture out: synthetic pages laid out as Word and WPS
// print them, checked against the paragraphs they were laid out from.
import { describe, expect, it } from 'vitest';
import { joinWrapped, linesOfPage, normaliseRunText, paragraphsOf, removeFurniture, type PageRuns, type PrintedLine } from '../../ingest/readers/pdf-layout.js';

const PAGE = { width: 595, height: 842 };
const LEFT = 80;
const SIZE = 16;
const PER_LINE = 27; // characters in a full line of 16 pt CJK between the margins
const TOP = 120;
const LEADING = 26;

/** Lays paragraphs out like a word processor: indent 2 chars, wrap at the measure, break pages, headers/footers. */
function layout(paragraphs: string[], opts: { indent?: boolean; header?: string; footer?: (p: number, n: number) => string; linesPerPage?: number } = {}): PageRuns[] {
  const indent = opts.indent ?? true;
  const perPage = opts.linesPerPage ?? 24;
  const printed: { text: string; x: number }[] = [];
  for (const p of paragraphs) {
    let rest = p;
    let first = true;
    while (rest.length > 0) {
      const room = first && indent ? PER_LINE - 2 : PER_LINE;
      printed.push({ text: rest.slice(0, room), x: LEFT + (first && indent ? 2 * SIZE : 0) });
      rest = rest.slice(room);
      first = false;
    }
  }
  const pages: PageRuns[] = [];
  const count = Math.ceil(printed.length / perPage);
  for (let i = 0; i < count; i++) {
    const runs = printed.slice(i * perPage, (i + 1) * perPage).map((l, j) => ({ text: l.text, x: l.x, y: TOP + j * LEADING, width: l.text.length * SIZE, size: SIZE }));
    if (opts.header) runs.unshift({ text: opts.header, x: 200, y: 60, width: opts.header.length * 11, size: 11 });
    if (opts.footer) {
      const f = opts.footer(i + 1, count);
      runs.push({ text: f, x: 260, y: 800, width: f.length * 10, size: 10 });
    }
    pages.push({ page: i + 1, ...PAGE, runs });
  }
  return pages;
}

function read(pages: PageRuns[]) {
  const lines = pages.map(linesOfPage);
  const { body, removed } = removeFurniture(lines, pages.map((p) => p.height));
  return { paragraphs: paragraphsOf(body), removed };
}

const LONG = [
  'XX社区党委2023年度党建工作总结',
  '一、主要工作',
  '2023年，社区党委坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大精神，围绕基层治理中心任务，扎实推进党建引领网格化管理，全年共化解矛盾纠纷一百二十余件，群众满意度明显提升。',
  '（一）强化组织建设。按期完成社区党委换届，选优配强班子成员，建立网格党支部六个、楼栋党小组二十四个，实现党的组织和工作全覆盖。',
  '1.落实三会一课制度，全年召开党员大会四次。',
  '2.开展主题党日活动十二次，参与党员三百余人次，党员先锋模范作用充分发挥，社区治理效能持续提升，居民获得感明显增强。',
  '二、存在问题',
  '一是党建引领作用发挥不够充分；二是党员队伍老龄化问题较为突出，年轻党员数量偏少，后备力量不足，需要在今后工作中切实加以解决。',
];

describe('pdf layout', () => {
  it('joins wrapped lines and paragraphs cut by a page break; headings and list items keep their lines; the page is where a paragraph starts', () => {
    // 6 lines a page: the long paragraphs wrap and cross pages.
    const pages = layout(LONG, { header: '中共XX街道工作委员会文件', footer: (p, n) => `第 ${p} 页 共 ${n} 页`, linesPerPage: 6 });
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const { paragraphs, removed } = read(pages);
    expect(paragraphs.map((p) => p.text)).toEqual(LONG);
    // Oracle for pages: the page of each paragraph's first printed line in the layout.
    let line = 0;
    const expectedPages = LONG.map((p) => {
      const page = Math.floor(line / 6) + 1;
      line += 1 + Math.ceil(Math.max(0, p.length - (PER_LINE - 2)) / PER_LINE);
      return page;
    });
    expect(paragraphs.map((p) => p.page)).toEqual(expectedPages);
    expect(removed.map((r) => r.rule)).toEqual(pages.flatMap(() => ['PDF页眉', 'PDF页码']));
    expect(removed.every((r) => r.kind === 'chrome')).toBe(true);
  });

  it('removes the page-number styles offices print, even on a document of one page', () => {
    for (const footer of [(p: number) => `- ${p} -`, (p: number, n: number) => `${p}/${n}`, (p: number) => `${p}`, (p: number) => `第${p}页`, (p: number, n: number) => `Page ${p} of ${n}`]) {
      const { paragraphs, removed } = read(layout(LONG.slice(0, 3), { footer }));
      expect(paragraphs.map((p) => p.text)).toEqual(LONG.slice(0, 3));
      expect(removed).toHaveLength(1);
    }
  });

  it('keeps a body line that only happens to stand at a page edge, and a header printed on one page only', () => {
    const pages = layout(LONG, { linesPerPage: 9 });
    pages[0]!.runs.unshift({ text: '内部资料 注意保存', x: 200, y: 60, width: 100, size: 11 });
    const { paragraphs, removed } = read(pages);
    expect(removed).toHaveLength(0);
    expect(paragraphs[0]!.text).toBe('内部资料 注意保存');
    expect(paragraphs.slice(1).map((p) => p.text)).toEqual(LONG);
  });

  it('reads block paragraphs (no first-line indent) by the line left short', () => {
    const { paragraphs } = read(layout(LONG, { indent: false, linesPerPage: 9 }));
    expect(paragraphs.map((p) => p.text)).toEqual(LONG);
  });

  it('does not split a sentence where a list number merely wrapped to a line start', () => {
    // "…共计" fills the line, "1.5万元…" continues it.
    const text = '全年共争取上级党建经费和各类帮扶资金共计' + '一'.repeat(PER_LINE - 2 - 20) + '1.5万元，全部用于阵地建设。';
    const { paragraphs } = read(layout([text]));
    expect(paragraphs.map((p) => p.text)).toEqual([text]);
  });

  it('groups runs by baseline and joins Latin words with a space, CJK without', () => {
    const page: PageRuns = {
      page: 1,
      ...PAGE,
      runs: [
        { text: '党建', x: 100, y: 100.4, width: 32, size: 16 },
        { text: '⼯作', x: 132, y: 100, width: 32, size: 16 },
        { text: 'OA', x: 100, y: 130, width: 20, size: 16 },
        { text: 'system', x: 126, y: 130, width: 50, size: 16 },
      ],
    };
    expect(linesOfPage(page).map((l: PrintedLine) => l.text)).toEqual(['党建工作', 'OA system']);
    expect(joinWrapped('开展', '学习')).toBe('开展学习');
    expect(joinWrapped('the party', 'building')).toBe('the party building');
    expect(joinWrapped('self-disci-', 'pline')).toBe('self-discipline');
  });

  it('turns the radicals fonts map back to into the ideographs (⼯ → 工, ⻅ → 见, ⻓ → 长)', () => {
    expect(normaliseRunText('⼯作⻅效，⻓效机制，⺠主评议，配⻬')).toBe('工作见效，长效机制，民主评议，配齐');
  });
});
