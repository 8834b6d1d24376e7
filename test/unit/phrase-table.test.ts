// The phrase table's two passes against a brute-force count: every phrase's count is the number
// of sections whose heading or text holds it (what 原文 search counts), whatever the segmentation.
import { describe, expect, it } from 'vitest';
import { countPhrases, minSectionsFor } from '../../ingest/phrase-table.js';
import { PhraseTrie } from '../../ingest/phrase-trie.js';
import { sectionContains } from '../../src/core/exact-grams.js';
import { rng } from '../../bench/generate-corpus.js';

describe('countPhrases', () => {
  it('counts the sections holding each candidate literally, also where they were not proposed', () => {
    const sections = [
      { heading: '一、党建引领', text: '坚持党建引领基层治理。', phrases: '党建引领 基层治理' }, // one run of two words
      { heading: '', text: '抓“党建引领”，促发展。', phrases: '发展' },
      { heading: '二、基层治理', text: '', phrases: '基层治理' },
    ];
    const counts = countPhrases(sections);
    expect(counts.get('党建引领')).toBe(2); // the second section never proposed it
    expect(counts.get('基层治理')).toBe(2);
    expect(counts.get('发展')).toBe(1);
    expect(counts.get('党建引领基层治理')).toBe(1);
  });

  it('agrees with a brute-force count on random texts (oracle: sectionContains)', () => {
    const alphabet = [...'党建引领基层治理三会一课风廉政，。'];
    const rand = rng(7);
    const str = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    const sections = Array.from({ length: 200 }, () => {
      const text = str(20 + Math.floor(rand() * 80));
      const heading = rand() < 0.5 ? str(6) : '';
      // Proposals: a few random substrings (as a segmenter would propose some, not all).
      const phrases = Array.from({ length: 5 }, () => {
        const at = Math.floor(rand() * (text.length - 6));
        return text.slice(at, at + 2 + Math.floor(rand() * 5));
      }).filter((p) => !/[，。]/.test(p));
      return { heading, text, phrases: phrases.join('\n') }; // one run per proposal
    });
    const counts = countPhrases(sections);
    expect(counts.size).toBeGreaterThan(100);
    for (const [p, n] of counts) expect(n, p).toBe(sections.filter((s) => sectionContains(s.heading, s.text, p)).length);
    // Every proposal is in the table (small archive: one section is enough).
    for (const s of sections) for (const p of s.phrases.split('\n').filter(Boolean)) expect(counts.has(p), p).toBe(true);
  });

  it('a large archive keeps phrases of two sections and up', () => {
    expect(minSectionsFor(50)).toBe(1);
    expect(minSectionsFor(50_000)).toBe(2);
  });

  it('the walk finds overlapping and nested candidates', () => {
    const found = new Set<string>();
    new PhraseTrie(['党建', '党建引领', '引领', '建引领基'], 2, 10).collect('抓党建引领', found);
    expect([...found].sort()).toEqual(['党建', '党建引领', '引领'].sort());
  });
});
