// The phrase table's vocabulary and keys, shared by ingestion (which proposes phrases and writes the
// table) and the portal (which looks them up): what counts as a phrase of a section, and the keys
// by which a typed string finds one — its prefixes (suggestions as you type), its sound (pinyin
// without tones: a pinyin input method's wrong homophone, 党风连政建设 → 党风廉政建设) and its
// one-character variants (党员先峰 → 党员先锋).
import { pinyin } from 'pinyin-pro';
import { HAN } from './subwords.js';

/** Phrases are runs of up to this many consecutive words… */
export const PHRASE_MAX_WORDS = 4;
/** …of 2 to this many characters (longer runs are sentences, not phrases). */
export const PHRASE_MAX_CHARS = 10;
const HAN_ONLY = /^\p{Script=Han}+$/u;

/**
 * A section's candidate phrases from its words (jieba, in reading order): every word of two or more
 * Han characters, and every run of up to PHRASE_MAX_WORDS consecutive Han words of at most
 * PHRASE_MAX_CHARS characters that neither starts nor ends with a one-character word (的, 和, 抓:
 * 抓党建 is not a phrase staff look for, 党建引领基层治理 is). Punctuation, digits and Latin break a
 * run. Distinct, in first-seen order.
 */
export function phraseCandidates(words: readonly string[]): string[] {
  const out = new Set<string>();
  // Each word is tested and measured once, not once per run it may start or extend (this runs over
  // every section of the archive whenever the phrase table is counted).
  const han = words.map((w) => HAN_ONLY.test(w));
  const chars = words.map(charCount);
  for (let i = 0; i < words.length; i++) {
    if (!han[i] || chars[i]! < 2) continue;
    let phrase = '';
    let len = 0;
    for (let n = 0; n < PHRASE_MAX_WORDS && i + n < words.length; n++) {
      if (!han[i + n]) break;
      phrase += words[i + n]!;
      // Han-only words hold no lone surrogate: the phrase's characters are the sum of its words'.
      len += chars[i + n]!;
      if (len > PHRASE_MAX_CHARS) break;
      if (len >= 2 && chars[i + n]! >= 2) out.add(phrase);
    }
  }
  return [...out];
}

/** Characters (code points) of a string, as [...s].length counts them, without the array. */
function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * The words of a text (as the segmenter returns them: substrings in reading order) grouped into runs
 * of words standing side by side — punctuation, spaces or anything dropped between two words ends a
 * run, so no phrase is proposed across a comma.
 */
export function wordRuns(text: string, words: readonly string[]): string[][] {
  const runs: string[][] = [];
  let run: string[] = [];
  let cursor = 0;
  for (const w of words) {
    const at = text.indexOf(w, cursor);
    if (at < 0) continue;
    if (at !== cursor && run.length > 0) {
      runs.push(run);
      run = [];
    }
    run.push(w);
    cursor = at + w.length;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/**
 * What a section record stores for the phrase table: its runs of words, words separated by a space
 * and runs by a line break — about the size of the text, where the phrases themselves would be
 * several times it. The table builder proposes the phrases from it (phraseCandidates per run).
 */
export const encodeRuns = (runs: readonly string[][]): string => runs.map((r) => r.join(' ')).join('\n');
export const decodeRuns = (stored: string): string[][] => (stored === '' ? [] : stored.split('\n').map((r) => r.split(' ')));

/** The candidate phrases of stored runs (distinct). */
export function candidatesOfRuns(runs: readonly string[][]): string[] {
  const out = new Set<string>();
  for (const run of runs) for (const p of phraseCandidates(run)) out.add(p);
  return [...out];
}

/** Every proper prefix of a phrase (one character and up): what a search box may hold while typing it. */
export function prefixesOf(phrase: string): string[] {
  const chars = [...phrase];
  const out: string[] = [];
  for (let n = 1; n < chars.length; n++) out.push(chars.slice(0, n).join(''));
  return out;
}

/**
 * How a string sounds, tones ignored, syllables joined: 党风廉政建设 and 党风连政建设 are both
 * dangfenglianzhengjianshe. Characters that are not Chinese are kept as they are (lowercased).
 */
export function pinyinKey(text: string): string {
  if (!HAN.test(text)) return text.toLowerCase();
  // The string form: the same syllables as the array form, in a third of the time (the table holds tens of thousands).
  return pinyin(text, { toneType: 'none', separator: '', nonZh: 'consecutive' }).replace(/\s+/g, '').toLowerCase();
}

/**
 * One-character variants are looked for among strings of at least this many characters: two-character
 * words differ by one character in too many ways (连政 would find 廉政 and 行政 alike).
 */
export const MASK_MIN_CHARS = 3;

/** Placeholder of the changed character in a one-character variant key. */
const ANY = '?';

/**
 * The string with each character in turn replaced by a placeholder: two strings of the same length
 * that differ in exactly one character share one of these keys (三会一课 and 三回一课: 三?一课).
 */
export function oneCharMasks(text: string): string[] {
  const chars = [...text];
  if (chars.length < MASK_MIN_CHARS) return [];
  return chars.map((_, i) => [...chars.slice(0, i), ANY, ...chars.slice(i + 1)].join(''));
}

/** Whether two strings differ in exactly one character (same length): the oracle of oneCharMasks. */
export function differByOneChar(a: string, b: string): boolean {
  const x = [...a];
  const y = [...b];
  if (x.length !== y.length) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i] && ++diff > 1) return false;
  return diff === 1;
}
