// Parsers for the two editable lexicon files (src/core/lexicon/, formats in its README.md).
// Kept free of nodejieba so the synonyms and the engine dictionary are cheap to read.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const LEXICON_PATH = fileURLToPath(new URL('../lexicon/dangjian.dict.utf8', import.meta.url));
export const SYNONYMS_PATH = fileURLToPath(new URL('../lexicon/synonyms.txt', import.meta.url));

export interface LexiconEntry {
  word: string;
  freq: number;
  tag: string;
}

/**
 * Parses a jieba user dictionary in the strict form this project uses: `word freq tag` per line,
 * blank lines allowed. cppjieba itself has no comment syntax (a `#` line would become a word),
 * so anything else is rejected here with its line number rather than silently mis-loaded.
 */
export function parseLexicon(text: string): LexiconEntry[] {
  const entries: LexiconEntry[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `dangjian.dict.utf8 line ${i + 1}`;
    if (line.includes('\r')) throw new Error(`${where}: CR line ending (save the file with LF only)`);
    const parts = line.split(' ');
    if (parts.length !== 3 || parts.some((p) => p === '')) {
      throw new Error(`${where}: expected "word freq tag" separated by single spaces, got ${JSON.stringify(line)}`);
    }
    const [word, freqText, tag] = parts as [string, string, string];
    if (!/^[1-9]\d*$/.test(freqText)) throw new Error(`${where}: frequency must be a positive integer, got ${freqText}`);
    if (!/^[a-z]+$/.test(tag)) throw new Error(`${where}: tag must be a jieba POS tag such as n, nz, l, j, got ${tag}`);
    if (!/^[\p{Script=Han}\p{L}\p{N}]+$/u.test(word)) throw new Error(`${where}: word must be letters/digits/CJK only, got ${word}`);
    if (seen.has(word)) throw new Error(`${where}: duplicate word ${word}`);
    seen.add(word);
    entries.push({ word, freq: Number(freqText), tag });
  });
  return entries;
}

export function readLexicon(path: string = LEXICON_PATH): LexiconEntry[] {
  return parseLexicon(readFileSync(path, 'utf8'));
}

let lexiconCache: string[] | undefined;

/** Terms of the user dictionary, in file order (for the engine's `dictionary` setting). */
export function lexiconTerms(): string[] {
  lexiconCache ??= readLexicon().map((e) => e.word);
  return [...lexiconCache];
}

/**
 * Parses the synonym list: one group per line, mutual synonyms separated by `=`,
 * `#` starts a comment (whole line, or after whitespace at the end of a line).
 * Returns the groups as written (terms trimmed, duplicates inside a group removed).
 */
export function parseSynonyms(text: string): string[][] {
  const groups: string[][] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') return;
    const terms = [...new Set(line.split('=').map((t) => t.trim()))];
    if (terms.some((t) => t === '')) throw new Error(`synonyms.txt line ${i + 1}: empty term in ${JSON.stringify(raw)}`);
    if (terms.length < 2) throw new Error(`synonyms.txt line ${i + 1}: a group needs at least two different terms`);
    groups.push(terms);
  });
  return groups;
}

/**
 * The Meilisearch `synonyms` setting: every term maps to all the other terms of its group(s).
 * A term listed in several groups gets the union.
 */
export function synonymsSetting(groups: string[][]): Record<string, string[]> {
  const map = new Map<string, Set<string>>();
  for (const group of groups) {
    for (const term of group) {
      const others = map.get(term) ?? new Set<string>();
      for (const other of group) if (other !== term) others.add(other);
      map.set(term, others);
    }
  }
  return Object.fromEntries([...map].map(([term, others]) => [term, [...others]]));
}

export function loadSynonyms(path: string = SYNONYMS_PATH): Record<string, string[]> {
  return synonymsSetting(parseSynonyms(readFileSync(path, 'utf8')));
}
