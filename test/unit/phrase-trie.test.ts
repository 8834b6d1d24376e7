// The phrase table's trie against the plain rule: a candidate is found in a text when the text
// holds it (String.includes), for candidates of the lengths asked, supplementary characters included.
import { describe, expect, it } from 'vitest';
import { PhraseTrie } from '../../ingest/phrase-trie.js';
import { rng } from '../../bench/generate-corpus.js';

describe('PhraseTrie', () => {
  it('finds exactly the candidates a text holds (oracle: includes), across table growth', () => {
    const alphabet = [...'党建引领基层治理三会一课𠮷𡈼，X'];
    const rand = rng(11);
    const str = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    // Enough candidates that the edge table grows several times.
    const candidates = [...new Set(Array.from({ length: 3000 }, () => str(1 + Math.floor(rand() * 12))))];
    const trie = new PhraseTrie(candidates, 2, 10);
    expect(trie.size).toBeGreaterThan(2000);
    const kept = candidates.filter((c) => [...c].length >= 2 && [...c].length <= 10);
    for (let round = 0; round < 300; round++) {
      const text = str(Math.floor(rand() * 60));
      const found = new Set<string>();
      trie.collect(text, found);
      expect([...found].sort(), text).toEqual(kept.filter((c) => text.includes(c)).sort());
    }
  });

  it('finds nothing in an empty text or with no candidates, and leaves out lengths it was not asked for', () => {
    const found = new Set<string>();
    new PhraseTrie([], 2, 10).collect('党建引领', found);
    new PhraseTrie(['党建引领'], 2, 10).collect('', found);
    new PhraseTrie(['党', '党建引领基层治理工作'], 2, 9).collect('党建引领基层治理工作', found);
    expect(found.size).toBe(0);
  });
});
