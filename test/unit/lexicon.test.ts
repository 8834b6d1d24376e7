// The staff-edited lexicon files: the jieba user dictionary and the synonym groups.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LEXICON_PATH, lexiconTerms, loadSynonyms, parseLexicon, parseSynonyms, synonymsSetting, SYNONYMS_PATH } from '../../src/core/text/lexicon.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('lexicon file', () => {
  it('holds 150–300 terms, each a valid jieba user-dictionary line', () => {
    const terms = lexiconTerms();
    expect(terms.length).toBeGreaterThanOrEqual(150);
    expect(terms.length).toBeLessThanOrEqual(300);
    expect(new Set(terms).size).toBe(terms.length);
    expect(terms).toEqual(expect.arrayContaining(['三会一课', '两个维护', '党风廉政建设', '意识形态工作责任制', '五基三化']));
    // The subword cap must not silently drop a lexicon term.
    expect(terms.every((t) => [...t].length <= 20)).toBe(true);
    expect(LEXICON_PATH).toMatch(/src\/core\/lexicon\/dangjian\.dict\.utf8$/);
  });

  it('rejects lines jieba would mis-load', () => {
    expect(parseLexicon('三会一课 500 j\n\n两个维护 500 j\n')).toEqual([
      { word: '三会一课', freq: 500, tag: 'j' },
      { word: '两个维护', freq: 500, tag: 'j' },
    ]);
    expect(() => parseLexicon('# 组织建设\n')).toThrow(/line 1/);
    expect(() => parseLexicon('三会一课 j\n')).toThrow(/line 1/);
    expect(() => parseLexicon('三会一课 500 j\n三会一课 500 j\n')).toThrow(/line 2: duplicate/);
    expect(() => parseLexicon('三会一课 500 j\r\n')).toThrow(/CR/);
    expect(() => parseLexicon('不忘初心、牢记使命 500 l\n')).toThrow(/letters\/digits\/CJK/);
  });
});

describe('synonyms', () => {
  it('loads the file into the Meilisearch synonyms shape', () => {
    const syn = loadSynonyms();
    const groups = parseSynonyms(readFileSync(SYNONYMS_PATH, 'utf8'));
    expect(groups.length).toBeGreaterThanOrEqual(20);
    expect(groups.length).toBeLessThanOrEqual(50);
    expect(syn['三会一课']).toEqual(['支部党员大会、支委会、党小组会和党课']);
    expect(syn['支部党员大会、支委会、党小组会和党课']).toEqual(['三会一课']);
    expect(syn['党风廉政建设']).toEqual(['廉政建设']);
    expect(syn['主题党日']?.sort()).toEqual(['主题党日活动', '党员活动日', '固定党日'].sort());
    for (const [term, others] of Object.entries(syn)) {
      expect(others.length).toBeGreaterThan(0);
      expect(others).not.toContain(term);
      for (const o of others) expect(syn[o]).toContain(term);
    }
  });

  it('parses comments, merges groups sharing a term, and rejects single-term lines', () => {
    const groups = parseSynonyms('# 注释\n支委会 = 支部委员会  # 行尾注释\n\n支委会 = 支委会议\n');
    expect(groups).toEqual([
      ['支委会', '支部委员会'],
      ['支委会', '支委会议'],
    ]);
    expect(synonymsSetting(groups)).toEqual({
      支委会: ['支部委员会', '支委会议'],
      支部委员会: ['支委会'],
      支委会议: ['支委会'],
    });
    expect(() => parseSynonyms('三会一课\n')).toThrow(/line 1/);
    expect(() => parseSynonyms('三会一课 = \n')).toThrow(/empty term/);
  });
});
