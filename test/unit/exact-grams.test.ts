// The 原文 representation: every character a Latin-letter token, a query a phrase of overlapping
// 2-grams. Checked against a brute-force oracle: a needle stands in a text exactly when its
// query tokens stand consecutively in the text's 2-gram field.
import { describe, expect, it } from 'vitest';
import { buildExactQuery, exactFields, sectionContains, unquote } from '../../src/core/exact-grams.js';

const tokens = (field: string) => (field === '' ? [] : field.split(' '));
const phraseTokens = (q: string) => tokens(q.replace(/^"|"$/g, ''));

/** Whether `needle` occurs as a consecutive run in `hay`. */
function runIn(hay: string[], needle: string[]): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

// A small alphabet makes near-misses (shared 2-grams, repeats) common, which is where bugs hide.
const ALPHABET = [...'党支部建设设XX*、“”2023年𠮷'];
function seeded(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const randomText = (rnd: () => number, len: number) => Array.from({ length: len }, () => ALPHABET[Math.floor(rnd() * ALPHABET.length)]!).join('');

describe('exactFields', () => {
  it('gives one 1-gram per character and one 2-gram per adjacent pair of heading + newline + text', () => {
    const f = exactFields('一、党建', '学习𠮷');
    const chars = Array.from('一、党建\n学习𠮷');
    expect(tokens(f.x1)).toHaveLength(chars.length);
    expect(tokens(f.x2)).toHaveLength(chars.length - 1);
    for (const t of [...tokens(f.x1), ...tokens(f.x2)]) expect(t).toMatch(/^[a-z]+$/);
    expect(exactFields('', '党费').x1).toBe(exactFields('', '党费').x1);
    expect(tokens(exactFields('', '党费').x1)).toHaveLength(2);
  });

  it('encodes different characters differently (BMP and supplementary ideographs alike)', () => {
    const chars = ['一', '二', 'X', 'x', '*', '＊', '、', '\n', '𠮷', '䶮', '2'];
    const codes = chars.map((c) => exactFields('', c).x1);
    expect(new Set(codes).size).toBe(chars.length);
  });
});

describe('buildExactQuery', () => {
  it('is one 1-gram for one character, one 2-gram for two, overlapping 2-grams for more', () => {
    expect(phraseTokens(buildExactQuery('党')!.q)).toEqual(tokens(exactFields('', '党').x1));
    expect(phraseTokens(buildExactQuery('党费')!.q)).toEqual(tokens(exactFields('', '党费').x2));
    expect(phraseTokens(buildExactQuery('三会一课')!.q)).toEqual(tokens(exactFields('', '三会一课').x2));
    expect(buildExactQuery('   ')).toBeNull();
  });

  it('asks for verification only where the engine phrase can be wrong: over four characters, or abbc', () => {
    expect(buildExactQuery('党费')!.needsVerification).toBe(false);
    expect(buildExactQuery('三会一课')!.needsVerification).toBe(false);
    expect(buildExactQuery('学习习近')!.needsVerification).toBe(true);
    expect(buildExactQuery('先锋模范作用')!.needsVerification).toBe(true);
  });

  it('finds a needle exactly when its tokens stand consecutively in the field (brute-force oracle)', () => {
    const rnd = seeded(7);
    let contained = 0;
    for (let n = 0; n < 400; n++) {
      const text = randomText(rnd, 5 + Math.floor(rnd() * 40));
      const needle = randomText(rnd, 1 + Math.floor(rnd() * 5));
      const query = buildExactQuery(needle)!;
      const field = Array.from(needle).length === 1 ? exactFields('', text).x1 : exactFields('', text).x2;
      const expected = text.includes(needle);
      if (expected) contained++;
      expect(runIn(tokens(field), phraseTokens(query.q)), `${needle} in ${text}`).toBe(expected);
    }
    // The oracle saw both answers many times.
    expect(contained).toBeGreaterThan(40);
  });

  it('strips ASCII quotes around the whole query but keeps Chinese quotation marks', () => {
    expect(unquote('"学思想、强党性"')).toBe('学思想、强党性');
    expect(unquote('“三会一课”')).toBe('“三会一课”');
    expect(unquote('"')).toBe('"');
    expect(buildExactQuery('"党费"')!.needle).toBe('党费');
  });
});

describe('sectionContains', () => {
  it('matches in the heading or the text, never across them', () => {
    expect(sectionContains('一、党建', '学习', '党建')).toBe(true);
    expect(sectionContains('一、党建', '学习', '学习')).toBe(true);
    expect(sectionContains('一、党建', '学习', '建学')).toBe(false);
  });
});
