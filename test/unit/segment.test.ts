// The segment stage: keywords and the whole segmented section (words, sub-words, themes).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { keywords, segmentSection } from '../../ingest/segment.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const sample = (name: string) =>
  readFileSync(`${ROOT}corpus/sample/${name}`, 'utf8').replace(/##paid(?:begin|end)##/g, '');

/** Body lines after the line that starts with `heading`, up to the next heading line. */
function sampleBody(name: string, heading: string): string {
  const lines = sample(name).split('\n');
  const at = lines.findIndex((l) => l.startsWith(heading));
  if (at === -1) throw new Error(`${heading} not in ${name}`);
  const body: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (/^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.．])/.test(line)) break;
    if (line.trim() !== '') body.push(line.trim());
  }
  return body.join('\n');
}

describe('keywords', () => {
  it('ranks the section topic and drops numbers, placeholders and genre filler', () => {
    const text = sampleBody('XX中心2023年下半年党支部工作情况.txt', '（五）党费收缴制度落实情况');
    const kw = keywords(`（五）党费收缴制度落实情况\n${text}`);
    expect(kw).toHaveLength(8);
    expect(kw.slice(0, 3)).toContain('党费收缴');
    expect(kw).toContain('交纳党费');
    for (const w of kw) {
      expect(w).not.toMatch(/\d|X|某/);
      expect([...w].length).toBeGreaterThanOrEqual(2);
      expect(['工作', '落实', '情况', '开展']).not.toContain(w);
    }
  });

  it('keeps lexicon terms and respects n', () => {
    const text = sampleBody('XX中心2023年下半年党支部工作情况.txt', '（二）意识形态工作开展情况');
    // The third place is a tie of lexicon terms (no IDF: the mean): the longer, more specific one.
    expect(keywords(text, 3)).toEqual(['意识形态领域', '意识形态', '意识形态工作责任制']);
    expect(keywords('', 5)).toEqual([]);
  });
});

describe('segmentSection', () => {
  it('fills segmented, subwords, keywords and themes of a real section', () => {
    const heading = '（三）发展党员工作情况';
    const text = sampleBody('XX中心2023年下半年党支部工作情况.txt', heading);
    expect(text).toBe('2023年XX中心8名入党申请人申请入党，。');
    const seg = segmentSection({
      heading,
      headingPath: ['一、党支部工作开展落实情况', heading],
      level: 2,
      order: 4,
      text,
      start: 100,
      end: 130,
    });
    expect(seg.segmented).toBe('三 发展党员 工作 情况 2023年 XX 中心 8名 入党申请人 申请入党');
    expect(seg.subwords.flatMap((g) => g.split(' '))).toEqual(expect.arrayContaining(['党员', '发展', '申请人', '入党', '申请', '2023', '年', '8', '名']));
    expect(seg.keywords).toEqual(expect.arrayContaining(['发展党员', '入党申请人']));
    expect(seg.themes).toEqual(['党员管理']);
    expect(seg.start).toBe(100);
    expect(seg.order).toBe(4);
  });
});
