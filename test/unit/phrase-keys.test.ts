// The phrase table's vocabulary and keys: candidates from words, prefixes, sound, one-character variants.
import { describe, expect, it } from 'vitest';
import { candidatesOfRuns, decodeRuns, differByOneChar, encodeRuns, oneCharMasks, phraseCandidates, pinyinKey, prefixesOf, wordRuns, PHRASE_MAX_CHARS } from '../../src/core/text/phrase-keys.js';
import { cut } from '../../src/core/text/segmenter.js';
import { rng } from '../../bench/generate-corpus.js';

describe('phraseCandidates', () => {
  it('words of two characters and up, and runs of up to four words that neither start nor end with a one-character word', () => {
    const c = phraseCandidates(['坚持', '党建', '引领', '基层', '治理', '，', '抓', '党建', '促', '发展']);
    expect(c).toEqual(expect.arrayContaining(['坚持', '党建', '坚持党建', '党建引领', '党建引领基层治理', '引领基层治理', '基层治理', '发展']));
    expect(c).not.toContain('坚持党建引领基层治理'); // five words
    expect(c).not.toContain('抓党建');
    expect(c).not.toContain('党建促');
    expect(c).not.toContain('治理抓'); // punctuation breaks a run
  });

  it('digits, Latin and placeholders break runs; nothing longer than the limit', () => {
    const c = phraseCandidates(['2023年', '党员', '大会', 'XX', '支部', '习近平新时代中国特色社会主义思想']);
    expect(c).toContain('党员大会');
    expect(c.some((p) => /\d|X/.test(p))).toBe(false);
    expect(c.every((p) => [...p].length <= PHRASE_MAX_CHARS)).toBe(true);
  });

  it('agrees with the rule spelled out over random word lists (supplementary Han, one-character words, breaks)', () => {
    // The oracle: every start, every run of up to four words, lengths counted on the joined string.
    const oracle = (words: string[]) => {
      const out = new Set<string>();
      const han = (w: string) => /^\p{Script=Han}+$/u.test(w);
      for (let i = 0; i < words.length; i++) {
        for (let n = 1; n <= 4 && i + n <= words.length; n++) {
          const run = words.slice(i, i + n);
          const joined = run.join('');
          if (!run.every(han) || [...joined].length > PHRASE_MAX_CHARS) break;
          if ([...run[0]!].length >= 2 && [...run.at(-1)!].length >= 2) out.add(joined);
        }
      }
      return [...out].sort();
    };
    const pool = ['党建', '引领', '抓', '促', '𠮷祥', '𠮷', '，', 'XX', '2023年', '习近平新时代', '中国特色社会主义', '基层治理', '的'];
    const next = rng(7);
    for (let round = 0; round < 500; round++) {
      const words = Array.from({ length: 1 + Math.floor(next() * 12) }, () => pool[Math.floor(next() * pool.length)]!);
      expect([...phraseCandidates(words)].sort(), words.join('|')).toEqual(oracle(words));
    }
  });

  it('distinct, in first-seen order', () => {
    expect(phraseCandidates(['党建', '工作', '党建', '工作'])).toEqual(['党建', '党建工作', '党建工作党建', '党建工作党建工作', '工作', '工作党建', '工作党建工作']);
  });
});

describe('runs of adjacent words', () => {
  it('punctuation and line breaks end a run; what is stored decodes to the same runs', () => {
    const text = '二、基层治理\n坚持党建引领基层治理，抓党建促发展。';
    const runs = wordRuns(text, cut(text));
    expect(runs.map((r) => r.join(''))).toEqual(['二', '基层治理', '坚持党建引领基层治理', '抓党建促发展']);
    expect(decodeRuns(encodeRuns(runs))).toEqual(runs);
    expect(decodeRuns('')).toEqual([]);
    const c = candidatesOfRuns(runs);
    expect(c).toContain('党建引领基层治理');
    expect(c.some((p) => p.includes('治理抓') || p.includes('治理坚持'))).toBe(false);
  });
});

describe('keys', () => {
  it('prefixes: every proper prefix, one character and up', () => {
    expect(prefixesOf('三会一课')).toEqual(['三', '三会', '三会一']);
    expect(prefixesOf('党')).toEqual([]);
  });

  it('pinyin without tones makes homophones equal', () => {
    expect(pinyinKey('党风连政建设')).toBe(pinyinKey('党风廉政建设'));
    expect(pinyinKey('三回一课')).toBe('sanhuiyike');
    expect(pinyinKey('党风廉政建设')).not.toBe(pinyinKey('党风建设'));
    expect(pinyinKey('ABC')).toBe('abc');
  });

  it('one-character masks are shared exactly by strings one character apart (oracle: differByOneChar)', () => {
    const alphabet = [...'三会回一二课党风廉连政'];
    const rand = rng(19);
    const word = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    for (let i = 0; i < 2000; i++) {
      const n = 3 + Math.floor(rand() * 4);
      const a = word(n);
      const b = rand() < 0.5 ? word(n) : [...a].map((c, k) => (k === Math.floor(rand() * n) ? alphabet[Math.floor(rand() * alphabet.length)] : c)).join('');
      const shared = oneCharMasks(a).some((m) => oneCharMasks(b).includes(m));
      expect(shared && a !== b, `${a} ${b}`).toBe(differByOneChar(a, b));
    }
    expect(differByOneChar('三会一课', '三回一课')).toBe(true);
    expect(differByOneChar('三会一课', '三会一课')).toBe(false);
    expect(differByOneChar('三会一课', '三会课')).toBe(false);
    // Two-character words get no masks (they differ by one character from too many others).
    expect(oneCharMasks('连政')).toEqual([]);
  });
});
