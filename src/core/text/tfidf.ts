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
import { WordTable } from './word-table.js';

const paths = nodejieba as unknown as { DEFAULT_IDF_DICT: string; DEFAULT_STOP_WORD_DICT: string };

/** jieba's IDF table (259,000 words) and the mean of its values (what a word it lacks weighs). */
class IdfTable {
  private readonly table: WordTable;
  readonly mean: number;

  constructor(text: string) {
    const entries: Array<[string, number]> = [];
    let sum = 0;
    let lines = 0;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      lines++;
      const parts = line.split(' ');
      if (parts.length !== 2) continue;
      const idf = Number.parseFloat(parts[1]!);
      sum += idf;
      entries.push([parts[0]!, idf]);
    }
    // As the extractor: the mean over the lines read (a word listed twice keeps its last value).
    this.mean = sum / lines;
    this.table = new WordTable(entries);
  }

  get(word: string): number | undefined {
    return this.table.get(word);
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
