// The 原文 representation: character codes, the two fields of a section, the query built for a needle.
import { describe, expect, it } from 'vitest';
import { buildExactQuery, encodeChar, exactFields, unquote } from '../../src/core/exact-grams.js';

describe('encodeChar', () => {
  it('gives ASCII and GB2312 characters three letters and everything else z + four (pinned: the index depends on it)', () => {
    expect(encodeChar('党')).toBe('bzf');
    expect(encodeChar('部')).toBe('bov');
    expect(encodeChar('，')).toBe('amd');
    expect(encodeChar('X')).toBe('adk');
    expect(encodeChar('\n')).toBe('aak');
    expect(encodeChar('黨')).toBe('zcieq');
    expect(encodeChar('𠀀')).toBe('zhlxg');
  });

  it('is prefix-free and one-to-one over the characters of a summary, so a 2-gram names its pair', () => {
    const chars = Array.from('XX县党支部2023年“三会一课”、學習黨章 abc ABC ***某某\n（一）①');
    const codes = new Map<string, string>();
    for (const c of chars) codes.set(encodeChar(c), c);
    expect(new Set(chars).size).toBe(codes.size);
    const all = [...codes.keys()];
    for (const a of all) for (const b of all) if (a !== b) expect(b.startsWith(a)).toBe(false);
  });
});

describe('exactFields', () => {
  it('holds the distinct characters as an array and the 2-grams of heading + text in order', () => {
    const f = exactFields('一、党建', '党建工作');
    expect(f.x1).toEqual([...new Set(Array.from('一、党建\n党建工作'))].map((c) => `u${encodeChar(c)}`));
    expect(f.x2.split(' ')).toHaveLength(Array.from('一、党建\n党建工作').length - 1);
    expect(f.x2.split(' ')[2]).toBe(`b${encodeChar('党')}${encodeChar('建')}`);
  });
});

describe('buildExactQuery', () => {
  it('is one quoted phrase; only needles the engine cannot pin need verification', () => {
    expect(buildExactQuery('党')!.q).toBe(`"u${encodeChar('党')}"`);
    expect(buildExactQuery('党建')!.q).toBe(`"b${encodeChar('党')}${encodeChar('建')}"`);
    expect(buildExactQuery('党建工作')!.needsVerification).toBe(false);
    expect(buildExactQuery('党建工作会')!.needsVerification).toBe(true);
    expect(buildExactQuery('"学思想、强党性"')!.needle).toBe('学思想、强党性');
    expect(unquote('“三会一课”')).toBe('“三会一课”');
    expect(buildExactQuery('')).toBeNull();
  });
});

describe('buildExactQuery against a brute-force oracle', () => {
  const tokens = (field: string) => (field === '' ? [] : field.split(' '));
  const phraseTokens = (q: string) => tokens(q.replace(/^"|"$/g, ''));
  const runIn = (hay: string[], needle: string[]) => {
    outer: for (let i = 0; i + needle.length <= hay.length; i++) {
      for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
      return true;
    }
    return false;
  };
  // A small alphabet makes near-misses (shared 2-grams, repeats) common, which is where bugs hide.
  const ALPHABET = [...'党支部建设设XX*、“”2023年𠮷'];
  let seed = 7;
  const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const randomText = (len: number) => Array.from({ length: len }, () => ALPHABET[Math.floor(rnd() * ALPHABET.length)]!).join('');

  it('finds a needle of two or more characters exactly when its 2-grams stand consecutively in the field', () => {
    let contained = 0;
    for (let n = 0; n < 400; n++) {
      const text = randomText(5 + Math.floor(rnd() * 40));
      const needle = randomText(2 + Math.floor(rnd() * 4));
      const expected = text.includes(needle);
      if (expected) contained++;
      expect(runIn(tokens(exactFields('', text).x2), phraseTokens(buildExactQuery(needle)!.q)), `${needle} in ${text}`).toBe(expected);
    }
    // The oracle saw both answers.
    expect(contained).toBeGreaterThan(5);
  });
});
