// The sub-word representation of 词语 mode: the engine indexes 党支部 as one token, so the
// sub-words of every word (and across adjacent words) are indexed too, and 支部 finds 党支部.
//
// Only pieces a query can consist of are kept. The engine cuts a query with jieba's dictionary
// and without HMM (measured: 杭研 → 杭 + 研), so every Han query token is a dictionary word
// (jieba's own list or the domain lexicon, which the engine gets as its `dictionary`) or a single
// character. A piece that is neither (党支, 部书, 员干) can never be a query token and only cost
// index space: without them the field is less than half the size (bench/RESULTS.md).

import { BoundedMemo } from '../memo.js';

/** Whether a string of two or more Han characters can be one token of a query (a dictionary word). */
export type IsQueryWord = (piece: string) => boolean;
const ANY_WORD: IsQueryWord = () => true;

/** Longest substring emitted by subwords(); longer queries are served by the segmented field anyway. */
export const SUBWORD_MAX_LEN = 8;
/** Words longer than this get no sub-words: they are runaway ASCII/digit runs (URLs, ids), not words. */
export const SUBWORD_MAX_WORD_LEN = 20;

export const HAN = /\p{Script=Han}/u;
const RUNS = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;

/**
 * Sub-words for recall: the engine indexes 党支部 as one token, so a query 支部 would miss it; this field holds
 * every distinct substring of every Han word (length 1 .. min(len - 1, 8)) that can be a query token (single
 * characters, and longer pieces `isWord` accepts), deduplicated, in the order of subwordGroups().
 * Mixed words are split into their script runs first (2023年 → 2023, 年; XX县 → XX, 县) so digit runs do not
 * explode into meaningless digit substrings; pure ASCII/digit words and words with other characters
 * (***, punctuation) give nothing. Words longer than SUBWORD_MAX_WORD_LEN give nothing.
 */
export function subwords(words: string[], isWord: IsQueryWord = ANY_WORD): string[] {
  return [...new Set(subwordGroups(words, isWord).flat())];
}

/**
 * The sub-words of each word, one group per word: its longer pieces in reading order, then its
 * single characters. A group becomes one element of the array field, so the engine sees pieces
 * of the same word next to each other (党费收缴 → 党费 收缴 …: a query 党费 收缴 ranks it as close
 * words) and pieces of different words far apart (no proximity entries between them).
 * `whole`: the word itself too (for a document in traditional script, whose text field holds the
 * traditional words a simplified query cannot match).
 */
export function subwordGroups(words: string[], isWord: IsQueryWord = ANY_WORD, opts: { whole?: boolean } = {}): string[][] {
  const memo = memoOf(isWord, opts.whole ? 'whole' : 'pieces');
  const groups: string[][] = [];
  for (const word of words) {
    const group = memo.get(word, () => wordGroup(word, isWord, opts.whole ?? false));
    if (group) groups.push(group);
  }
  return groups;
}

// Memos per isWord and kind: the pieces of a word (or of a word boundary) depend on nothing else,
// and without them the sub-words were a third of the ingester's CPU time. Groups are shared
// between calls: callers must not mutate them.
const MEMO_LIMIT = 30_000;
const memos = new WeakMap<IsQueryWord, Map<string, BoundedMemo<string[] | null>>>();

function memoOf(isWord: IsQueryWord, kind: string): BoundedMemo<string[] | null> {
  let byKind = memos.get(isWord);
  if (!byKind) memos.set(isWord, (byKind = new Map()));
  let memo = byKind.get(kind);
  if (!memo) byKind.set(kind, (memo = new BoundedMemo(MEMO_LIMIT)));
  return memo;
}

/** The group of one word (see subwordGroups), or null when the word gives none. */
function wordGroup(word: string, isWord: IsQueryWord, whole: boolean): string[] | null {
  const chars = [...word];
  if (chars.length > SUBWORD_MAX_WORD_LEN) return null;
  if (chars.length < 2) return /^\p{N}$/u.test(word) || (whole && HAN.test(word)) ? [word] : null;
  const runs = word.match(RUNS) ?? [];
  if (runs.join('') !== word) return null;
  // A number or Latin word is indexed whole (2020, 14, ABC), never cut into digit pieces.
  if (runs.length === 1 && !HAN.test(word)) return [word];
  const mixed = runs.length > 1;
  const longer: string[] = [];
  const singles: string[] = [];
  // The whole mixed word too (2023年, XX县): the engine may keep it as one token of a query.
  if (mixed) longer.push(word);
  // A placeholder is written with as many X as the writer liked: XX次 must answer a query X次 (and
  // XXX县 one for XX县), which the segmenter keeps as one token.
  if (mixed) longer.push(...shorterPlaceholders(word));
  else if (whole && chars.length <= SUBWORD_MAX_LEN && isWord(word)) longer.push(word);
  for (const run of runs) {
    if (mixed) longer.push(run);
    if (!HAN.test(run)) continue;
    const rc = [...run];
    const maxLen = Math.min(SUBWORD_MAX_LEN, mixed ? rc.length : rc.length - 1);
    for (let s = 0; s < rc.length; s++) {
      singles.push(rc[s]!);
      for (let len = 2; len <= maxLen && s + len <= rc.length; len++) {
        const piece = rc.slice(s, s + len).join('');
        if (isWord(piece)) longer.push(piece);
      }
    }
  }
  return [...new Set([...longer, ...singles])];
}

const PLACEHOLDER_WORD = /^(?:(X{2,})(\p{Script=Han}+)|(\p{Script=Han}+)(X{2,}))$/u;

/** XX次 → X次; XXX县 → XX县, X县; 单位XX → 单位X. Nothing for other words. */
function shorterPlaceholders(word: string): string[] {
  const m = PLACEHOLDER_WORD.exec(word);
  if (!m) return [];
  const xs = (m[1] ?? m[4])!;
  const han = (m[2] ?? m[3])!;
  const out: string[] = [];
  for (let k = xs.length - 1; k >= 1; k--) out.push(m[1] ? 'X'.repeat(k) + han : han + 'X'.repeat(k));
  return out;
}

/** Longest substring that crossingSubwords() emits across a word boundary. */
export const CROSSING_MAX_LEN = 4;

/**
 * Substrings that straddle the boundary between two words standing side by side in the text
 * (纪律作风|建设 → 作风建设, 风建…): a query word the engine cuts differently from jieba (作风建设)
 * is then still a token of the section. Words separated by punctuation or spaces are not joined.
 */
export function crossingSubwords(text: string, words: string[], maxLen = CROSSING_MAX_LEN, isWord: IsQueryWord = ANY_WORD): string[] {
  return [...new Set(crossingGroups(text, words, maxLen, isWord).flat())];
}

/** crossingSubwords() one group per word boundary (see subwordGroups()). */
export function crossingGroups(text: string, words: string[], maxLen = CROSSING_MAX_LEN, isWord: IsQueryWord = ANY_WORD): string[][] {
  const memo = memoOf(isWord, `crossing${maxLen}`);
  const groups: string[][] = [];
  let cursor = 0;
  let prev: { word: string; end: number } | null = null;
  for (const word of words) {
    const at = text.indexOf(word, cursor);
    if (at < 0) continue;
    const end = at + word.length;
    if (prev && at === prev.end && HAN.test(prev.word.at(-1)!) && HAN.test(word[0]!)) {
      const left = prev.word;
      const group = memo.get(`${left}\u0000${word}`, () => boundaryGroup(left, word, maxLen, isWord));
      if (group) groups.push(group);
    }
    prev = { word, end };
    cursor = end;
  }
  return groups;
}

/** The pieces across the boundary of two adjacent words (see crossingGroups), or null when none. */
function boundaryGroup(leftWord: string, rightWord: string, maxLen: number, isWord: IsQueryWord): string[] | null {
  const group: string[] = [];
  const left = [...leftWord].slice(-(maxLen - 1));
  const right = [...rightWord].slice(0, maxLen - 1);
  for (let l = 1; l <= left.length; l++) {
    for (let r = 1; r <= right.length && l + r <= maxLen; r++) {
      const piece = left.slice(left.length - l).join('') + right.slice(0, r).join('');
      if ([...piece].every((c) => HAN.test(c)) && isWord(piece)) group.push(piece);
    }
  }
  return group.length > 0 ? group : null;
}

