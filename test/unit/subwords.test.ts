// The sub-word representation of 词语 mode: substrings of words and across adjacent words.
import { describe, expect, it } from 'vitest';
import { cut } from '../../src/core/text/segmenter.js';
import { CROSSING_MAX_LEN, crossingSubwords, SUBWORD_MAX_LEN, subwords } from '../../src/core/text/subwords.js';

describe('subwords', () => {
  it('gives every substring of a word, so 支部 finds 党支部书记', () => {
    const subs = subwords(['党支部书记']);
    for (const s of ['支部', '党支部', '书记', '支部书记', '党支部书', '党', '记']) expect(subs).toContain(s);
    expect(subs).not.toContain('党支部书记');
    expect(subs).toHaveLength(5 + 4 + 3 + 2);
  });

  it('keeps mixed words whole and as script runs, numbers and Latin words whole, and skips symbols and single Han characters', () => {
    expect(subwords(['2023年'])).toEqual(['2023年', '2023', '年']);
    expect(subwords(['XX县'])).toEqual(['XX县', 'XX', '县']);
    // 2020 is indexed as a whole number: 202 or 020 are not words.
    expect(subwords(['2023', 'XXX', '***', '党', '5'])).toEqual(['2023', 'XXX', '5']);
  });

  it('caps sub-word length and skips over-long words, and deduplicates', () => {
    const long = subwords(['习近平新时代中国特色社会主义思想']);
    expect(Math.max(...long.map((s) => s.length))).toBe(SUBWORD_MAX_LEN);
    expect(long).toContain('中国特色社会主义');
    expect(subwords(['一二三四五六七八九十一二三四五六七八九十一'])).toEqual([]);
    const twice = subwords(['党支部', '支部', '党支部']);
    expect(twice).toEqual(['党', '支', '部', '党支', '支部']);
  });
});

describe('crossingSubwords', () => {
  it('joins the ends of two words that stand side by side, up to four characters', () => {
    const text = '强化纪律作风建设';
    const words = cut(text);
    const crossing = crossingSubwords(text, words);
    // Whatever jieba's cut, 作风建设 lies across or inside words and is a token of the section.
    expect([...subwords(words), ...words, ...crossing]).toContain('作风建设');
    expect(crossing.every((p) => [...p].length <= CROSSING_MAX_LEN && text.includes(p))).toBe(true);
  });

  it('does not join words separated by punctuation or space', () => {
    expect(crossingSubwords('建设，工作', ['建设', '工作'])).toEqual([]);
    expect(crossingSubwords('建设 工作', ['建设', '工作'])).toEqual([]);
    expect(crossingSubwords('党员干部', ['党员', '干部'])).toEqual(['员干', '员干部', '党员干', '党员干部']);
  });
});
