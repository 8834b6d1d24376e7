// The sub-word representation of 词语 mode: the engine indexes 党支部 as one token, so the
// sub-words of every word (and across adjacent words) are indexed too, and 支部 finds 党支部.

/** Longest substring emitted by subwords(); longer queries are served by the segmented field anyway. */
export const SUBWORD_MAX_LEN = 8;
/** Words longer than this get no sub-words: they are runaway ASCII/digit runs (URLs, ids), not words. */
export const SUBWORD_MAX_WORD_LEN = 20;

export const HAN = /\p{Script=Han}/u;
const RUNS = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;

/**
 * Sub-words for recall: the engine indexes 党支部 as one token, so a query 支部 would miss it; this field holds
 * every distinct substring of every Han word (length 1 .. min(len - 1, 8)), deduplicated, first occurrence first.
 * Mixed words are split into their script runs first (2023年 → 2023, 年; XX县 → XX, 县) so digit runs do not
 * explode into meaningless digit substrings; pure ASCII/digit words and words with other characters
 * (***, punctuation) give nothing. Words longer than SUBWORD_MAX_WORD_LEN give nothing.
 */
export function subwords(words: string[]): string[] {
  const out = new Set<string>();
  for (const word of words) {
    const chars = [...word];
    if (chars.length > SUBWORD_MAX_WORD_LEN) continue;
    if (chars.length < 2) {
      if (/^\p{N}$/u.test(word)) out.add(word);
      continue;
    }
    const runs = word.match(RUNS) ?? [];
    if (runs.join('') !== word) continue;
    // A number or Latin word is indexed whole (2020, 14, ABC), never cut into digit pieces.
    if (runs.length === 1 && !HAN.test(word)) {
      out.add(word);
      continue;
    }
    const mixed = runs.length > 1;
    // The whole mixed word too (2023年, XX县): the engine may keep it as one token of a query.
    if (mixed) out.add(word);
    for (const run of runs) {
      if (mixed) out.add(run);
      if (!HAN.test(run)) continue;
      const rc = [...run];
      const maxLen = Math.min(SUBWORD_MAX_LEN, mixed ? rc.length : rc.length - 1);
      for (let len = 1; len <= maxLen; len++) {
        for (let s = 0; s + len <= rc.length; s++) out.add(rc.slice(s, s + len).join(''));
      }
    }
  }
  return [...out];
}

/** Longest substring that crossingSubwords() emits across a word boundary. */
export const CROSSING_MAX_LEN = 4;

/**
 * Substrings that straddle the boundary between two words standing side by side in the text
 * (纪律作风|建设 → 作风建设, 风建…): a query word the engine cuts differently from jieba (作风建设)
 * is then still a token of the section. Words separated by punctuation or spaces are not joined.
 */
export function crossingSubwords(text: string, words: string[], maxLen = CROSSING_MAX_LEN): string[] {
  const out = new Set<string>();
  let cursor = 0;
  let prev: { word: string; end: number } | null = null;
  for (const word of words) {
    const at = text.indexOf(word, cursor);
    if (at < 0) continue;
    const end = at + word.length;
    if (prev && at === prev.end && HAN.test(prev.word.at(-1)!) && HAN.test(word[0]!)) {
      const left = [...prev.word].slice(-(maxLen - 1));
      const right = [...word].slice(0, maxLen - 1);
      for (let l = 1; l <= left.length; l++) {
        for (let r = 1; r <= right.length && l + r <= maxLen; r++) {
          const piece = left.slice(left.length - l).join('') + right.slice(0, r).join('');
          if ([...piece].every((c) => HAN.test(c))) out.add(piece);
        }
      }
    }
    prev = { word, end };
    cursor = end;
  }
  return [...out];
}

