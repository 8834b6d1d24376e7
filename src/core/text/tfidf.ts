// Keyword weights as jieba's TF-IDF extractor computes them (nodejieba.extract: cppjieba's
// KeywordExtractor), over words the caller has already cut. Why not extract() itself: it segments
// the text again (the same jieba cut the section has just been through), which cost a quarter of
// the ingester's time per file. The data are jieba's own: its IDF table and stop words, read from
// the files nodejieba ships; the rule is the extractor's: a word of one character or a stop word
// does not count, a word's weight is its count × its IDF (the table's mean IDF when it has none),
// heaviest first. Ties (common: every word the IDF table lacks weighs the mean) the extractor leaves
// in no defined order; here the longer word first (the more specific: 意识形态工作 before 意识形态),
// then the first to occur.
import { readFileSync } from 'node:fs';
import nodejieba from 'nodejieba';
import { BoundedMemo } from '../memo.js';

const paths = nodejieba as unknown as { DEFAULT_IDF_DICT: string; DEFAULT_STOP_WORD_DICT: string };

/**
 * jieba's IDF table (259,000 words) as one sorted fixed-width string per word length and the IDF
 * values beside it: ~4 MB of the ingester's heap, where a Map of it took ~30 MB.
 */
class IdfTable {
  private readonly byLength = new Map<number, { words: string; idf: Float64Array }>();
  readonly mean: number;

  constructor(text: string) {
    const groups = new Map<number, Array<[string, number]>>();
    let sum = 0;
    let lines = 0;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      lines++;
      const parts = line.split(' ');
      if (parts.length !== 2) continue;
      const [word, value] = parts as [string, string];
      const idf = Number.parseFloat(value);
      sum += idf;
      let g = groups.get(word.length);
      if (!g) groups.set(word.length, (g = []));
      g.push([word, idf]);
    }
    // As the extractor: the mean over the lines read (a word listed twice keeps its last value).
    this.mean = sum / lines;
    for (const [len, g] of groups) {
      const last = new Map(g);
      const words = [...last.keys()].sort();
      this.byLength.set(len, { words: words.join(''), idf: Float64Array.from(words, (w) => last.get(w)!) });
    }
  }

  get(word: string): number | undefined {
    const g = this.byLength.get(word.length);
    if (!g) return undefined;
    const n = word.length;
    let lo = 0;
    let hi = g.idf.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const w = g.words.slice(mid * n, mid * n + n);
      if (w === word) return g.idf[mid];
      if (w < word) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}

let idfTable: IdfTable | undefined;
// A section's words come back in every section: their weights are looked up once (bounded).
const idfMemo = new BoundedMemo<number>(50_000);
let stopWords: Set<string> | undefined;

function tables(): { idf: IdfTable; stop: Set<string> } {
  idfTable ??= new IdfTable(readFileSync(paths.DEFAULT_IDF_DICT, 'utf8'));
  stopWords ??= new Set(readFileSync(paths.DEFAULT_STOP_WORD_DICT, 'utf8').split('\n'));
  return { idf: idfTable, stop: stopWords };
}

export interface WeightedWord {
  word: string;
  weight: number;
}

/** The `top` heaviest words of a text cut into `tokens` (every jieba token, in order), by TF-IDF. */
export function tfidf(tokens: readonly string[], top: number): WeightedWord[] {
  const { idf, stop } = tables();
  const counts = new Map<string, number>();
  for (const t of tokens) {
    // One character (code point) or a stop word: not a keyword (the extractor's IsSingleWord).
    if (t.length === 0 || (t.length <= 2 && [...t].length === 1) || stop.has(t)) continue;
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  // Map order is first occurrence: the last tie-break.
  const out: WeightedWord[] = [];
  for (const [word, n] of counts) out.push({ word, weight: n * idfMemo.get(word, (w) => idf.get(w) ?? idf.mean) });
  out.sort((a, b) => b.weight - a.weight || b.word.length - a.word.length);
  return out.slice(0, top);
}
