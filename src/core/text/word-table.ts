// A large, fixed set of words in little memory: one sorted fixed-width string per word length,
// looked up by binary search, with an optional number per word. jieba's 350,000 dictionary words
// take ~2 MB this way (a Set of them took 75 MB of the ingester's RAM); its 259,000 IDF values
// ~4 MB (a Map ~30 MB). Used by the segmenter (is it a dictionary word?) and tfidf (its IDF).
export class WordTable {
  private readonly groups = new Map<number, { words: string; base: number }>();
  /** The number of each word, by rank (absent for a table of words only). */
  private readonly values: Float64Array | undefined;

  /** Words, or [word, value] pairs (a word given twice keeps its last value); lengths outside [min, max] are left out. */
  constructor(entries: Iterable<string | readonly [string, number]>, bounds: { min?: number; max?: number } = {}) {
    const min = bounds.min ?? 1;
    const max = bounds.max ?? Infinity;
    const byLength = new Map<number, Map<string, number>>();
    let valued = false;
    for (const e of entries) {
      const [word, value] = typeof e === 'string' ? [e, 0] : e;
      if (typeof e !== 'string') valued = true;
      if (word.length < min || word.length > max) continue;
      let g = byLength.get(word.length);
      if (!g) byLength.set(word.length, (g = new Map()));
      g.set(word, value);
    }
    let base = 0;
    const ranked: number[] = [];
    for (const len of [...byLength.keys()].sort((a, b) => a - b)) {
      const g = byLength.get(len)!;
      const words = [...g.keys()].sort();
      this.groups.set(len, { words: words.join(''), base });
      if (valued) for (const w of words) ranked.push(g.get(w)!);
      base += words.length;
    }
    this.values = valued ? Float64Array.from(ranked) : undefined;
  }

  /** The word's place in the table, or -1. */
  rank(word: string): number {
    const g = this.groups.get(word.length);
    if (!g) return -1;
    const n = word.length;
    let lo = 0;
    let hi = g.words.length / n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const w = g.words.slice(mid * n, mid * n + n);
      if (w === word) return g.base + mid;
      if (w < word) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  has(word: string): boolean {
    return this.rank(word) >= 0;
  }

  /** The word's number, or undefined when it is not in the table. */
  get(word: string): number | undefined {
    const r = this.rank(word);
    return r >= 0 ? this.values?.[r] : undefined;
  }
}
