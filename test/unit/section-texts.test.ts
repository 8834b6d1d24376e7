// The check the portal's copy of the section texts makes: the same answer as the brute-force
// reference (heading or text holds the needle), over random headings, texts and needles.
import { describe, expect, it } from 'vitest';
import { sectionContains } from '../../src/core/exact-grams.js';
import { joinedContains } from '../../src/web/services/section-texts.js';

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
