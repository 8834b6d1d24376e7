// The sub-word representation of 词语 mode: substrings of words and across adjacent words.
import { describe, expect, it } from 'vitest';
import { cut, isDictionaryWord } from '../../src/core/text/segmenter.js';
import { CROSSING_MAX_LEN, crossingSubwords, SUBWORD_MAX_LEN, subwordGroups, subwords } from '../../src/core/text/subwords.js';

describe('subwords', () => {
  it('gives every substring of a word, so 支部 finds 党支部书记', () => {
    const subs = subwords(['党支部书记']);
    for (const s of ['支部', '党支部', '书记', '支部书记', '党支部书', '党', '记']) expect(subs).toContain(s);
    expect(subs).not.toContain('党支部书记');
    expect(subs).toHaveLength(5 + 4 + 3 + 2);
  });

  it('keeps mixed words whole and as script runs, numbers and Latin words whole, and skips symbols and single Han characters', () => {
    expect(subwords(['2023年'])).toEqual(['2023年', '2023', '年']);
    expect(subwords(['XX县'])).toEqual(['XX县', 'X县', 'XX', '县']);
    // However many X a writer typed, the shorter placeholder finds it (a query X次 is one token).
    expect(subwords(['XXX次'])).toEqual(['XXX次', 'XX次', 'X次', 'XXX', '次']);
    expect(subwords(['单位XX'])).toEqual(['单位XX', '单位X', '单位', 'XX', '单', '位']);
    // 2020 is indexed as a whole number: 202 or 020 are not words.
    expect(subwords(['2023', 'XXX', '***', '党', '5'])).toEqual(['2023', 'XXX', '5']);
  });

  it('caps sub-word length and skips over-long words, and deduplicates', () => {
    const long = subwords(['习近平新时代中国特色社会主义思想']);
    expect(Math.max(...long.map((s) => s.length))).toBe(SUBWORD_MAX_LEN);
    expect(long).toContain('中国特色社会主义');
    expect(subwords(['一二三四五六七八九十一二三四五六七八九十一'])).toEqual([]);
    const twice = subwords(['党支部', '支部', '党支部']);
    expect(twice).toEqual(['党支', '支部', '党', '支', '部']);
  });
});

describe('subwords a query can consist of', () => {
  it('keeps single characters and dictionary words, drops pieces no query can be cut into', () => {
    const subs = subwords(['党支部书记'], isDictionaryWord);
    for (const s of ['党', '支', '部', '书', '记', '支部', '党支部', '书记', '支部书记']) expect(subs).toContain(s);
    // 部书 and 党支 are not words: the engine cuts a query 部书 into 部 + 书, both kept.
    for (const s of ['部书', '党支', '党支部书']) expect(subs).not.toContain(s);
  });

  it('keeps lexicon terms inside longer words (the engine gets the lexicon as its dictionary)', () => {
    expect(isDictionaryWord('三会一课')).toBe(true);
    expect(subwords(['落实三会一课制度'], isDictionaryWord)).toContain('三会一课');
  });

  it('filters crossing pieces the same way', () => {
    const crossing = crossingSubwords('党员干部', ['党员', '干部'], CROSSING_MAX_LEN, isDictionaryWord);
    expect(crossing).not.toContain('员干');
    expect(crossing.every((p) => isDictionaryWord(p))).toBe(true);
  });
});

describe('subwordGroups', () => {
  it('keeps the pieces of one word together, longer pieces first, so the engine sees them as close words', () => {
    expect(subwordGroups(['党费收缴', '制度'], isDictionaryWord)).toEqual([['党费', '收缴', '党', '费', '收', '缴'], ['制', '度']]);
  });

  it('adds the whole words of a traditional-script section (its text field holds the traditional ones)', () => {
    expect(subwordGroups(['党支部'], isDictionaryWord, { whole: true })[0]).toContain('党支部');
    expect(subwordGroups(['党支部'], isDictionaryWord)[0]).not.toContain('党支部');
  });

  it('answers a remembered word (or word pair) as it answered it the first time, whole or not', () => {
    const text = '党支部书记带头落实三会一课制度，党支部书记2023年讲党课X次';
    const words = cut(text);
    const fresh = (p: string) => isDictionaryWord(p); // a new isWord: its own, empty memo
    for (const whole of [false, true]) {
      const first = subwordGroups(words, isDictionaryWord, { whole });
      expect(subwordGroups(words, isDictionaryWord, { whole })).toEqual(first);
      expect(subwordGroups(words, fresh, { whole })).toEqual(first);
    }
    expect(crossingSubwords(text, words, CROSSING_MAX_LEN, isDictionaryWord)).toEqual(crossingSubwords(text, words, CROSSING_MAX_LEN, fresh));
    expect(subwordGroups(['党支部'], isDictionaryWord, { whole: true })[0]).toContain('党支部');
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
