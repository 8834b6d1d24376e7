// The check the portal's copy of the section texts makes: the same answer as the brute-force
// reference (heading or text holds the needle), over random headings, texts and needles.
import { describe, expect, it } from 'vitest';
import { sectionContains } from '../../src/core/exact-grams.js';
import { joinedContains, TextCopy } from '../../src/web/services/section-texts.js';

describe('joinedContains', () => {
  it('agrees with sectionContains on 3,000 random sections (line breaks in texts) and needles without one', () => {
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const ALPHABET = ['党', '建', '工', '作', '。', '\n', 'X'];
    const pick = (len: number) => Array.from({ length: len }, () => ALPHABET[Math.floor(rnd() * ALPHABET.length)]!).join('');
    let found = 0;
    for (let i = 0; i < 3000; i++) {
      const heading = pick(Math.floor(rnd() * 6));
      const text = pick(Math.floor(rnd() * 30));
      const needle = pick(1 + Math.floor(rnd() * 5)).replaceAll('\n', '');
      if (!needle) continue;
      const expected = sectionContains(heading, text, needle);
      if (expected) found++;
      expect(joinedContains(`${heading}\n${text}`, needle), JSON.stringify({ heading, text, needle })).toBe(expected);
    }
    expect(found).toBeGreaterThan(300); // the cases include many matches, not only misses
  });

  it('never matches across the line between heading and text', () => {
    expect(joinedContains('一、党建\n工作', '党建工作')).toBe(false);
    expect(joinedContains('一、党建\n工作', '党建')).toBe(true);
  });
});

describe('TextCopy', () => {
  const doc = (version: string, sections: Record<string, string>) => ({ version, sections: new Map(Object.entries(sections)), bytes: 0 });
  const copy = new TextCopy('k', new Map([
    ['0123456789abcdef', doc('t1#2', { '0123456789abcdef-0000': '标题\n正文', '0123456789abcdef-0001': '一、\n党建' })],
    ['fedcba9876543210', doc('t2#1', { 'fedcba9876543210-0000': '另一篇\n' })],
  ]), 0);

  it('finds a section through its document (the id up to its last dash) and nothing else', () => {
    expect(copy.get('0123456789abcdef-0001')).toBe('一、\n党建');
    expect(copy.get('fedcba9876543210-0000')).toBe('另一篇\n');
    expect(copy.get('fedcba9876543210-0001')).toBeUndefined(); // a section the copy does not hold
    expect(copy.get('0000000000000000-0000')).toBeUndefined(); // a document it does not hold
    expect(copy.get('no-dash-here')).toBeUndefined();
  });

  it('counts the sections of every document', () => {
    expect(copy.sectionCount).toBe(3);
  });
});
