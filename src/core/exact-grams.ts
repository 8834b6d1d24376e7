// 原文 (exact) mode: a searchable representation in which every character is a token, so that
// a substring query becomes a phrase of tokens that Meilisearch resolves engine-side, with its
// filters, facets, totals and paging. Characters are encoded as lowercase Latin letters so the
// engine's Chinese segmentation, normalisers and separators never touch them: punctuation,
// digits, Latin case and placeholders like XX or *** all stay exact.
//
// Two fields: x1 holds the section's distinct characters (an array: a 1-gram query needs no
// positions, see array-field.ts), x2 its character 2-grams in order. A query of length 1 is one
// x1 token, of length 2 one 2-gram; longer queries are a phrase of overlapping 2-grams. Meilisearch resolves a
// phrase per document from word pairs at a given distance (milli's compute_phrase_docids: windows
// of three words), which pins a substring of up to four characters exactly: for "abcd" the pair
// (ab, cd) at distance 2 can only come from "abcd" itself, unless b = c. Longer queries (and that
// repeated-character case) may get candidates that hold every 4-character window of the query but
// not the whole string, so they are verified against the text and false positives are excluded
// by id in the engine-side filter. (Longer n-gram fields would avoid that but cost several times
// the index size: see the benchmark.)

import iconv from 'iconv-lite';
import { arrayField } from './array-field.js';
import { BoundedMemo } from './memo.js';

export const EXACT_FIELDS = ['x1', 'x2'] as const;
export type ExactField = (typeof EXACT_FIELDS)[number];
export interface ExactRecordFields {
  x1: string[];
  x2: string;
}

const PREFIX: Record<ExactField, string> = { x1: 'u', x2: 'b' };

// Each character is a code of lowercase letters, prefix-free so a 2-gram is two codes side by side:
// - three letters (first letter a–n) for ASCII and the 7,445 characters of GB2312, which hold
//   nearly every character of a Chinese summary (the x2 field is a third shorter than with four
//   letters for every character, and it is the largest field of the index);
// - z + four letters (the code point in base 26) for any other character up to 26^4 = 456,976 (the
//   BMP and the supplementary ideograph planes). Anything above (unassigned, tags, private use)
//   shares one code.
// GB2312 is a frozen standard; its order comes from iconv-lite's table and is pinned by unit tests.
const LIMIT = 26 ** 4;
let common: Map<string, number> | undefined;

function commonCodes(): Map<string, number> {
  if (common) return common;
  common = new Map();
  for (let cp = 0; cp < 128; cp++) common.set(String.fromCharCode(cp), common.size);
  for (let hi = 0xa1; hi <= 0xfe; hi++) {
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      const ch = iconv.decode(Buffer.from([hi, lo]), 'gb2312');
      if (ch.length === 1 && ch !== '\ufffd' && !common.has(ch)) common.set(ch, common.size);
    }
  }
  return common;
}

const letters = (n: number, width: number): string => {
  const out = new Array<string>(width);
  for (let i = width - 1; i >= 0; i--) {
    out[i] = String.fromCharCode(97 + (n % 26));
    n = Math.floor(n / 26);
  }
  return out.join('');
};

// Codes already computed: a summary uses a few thousand distinct characters, each many times.
// Those of the BMP by code unit (an array read, where a map would hash each fresh one-character
// string: this is called for every character of every section), the rest in a bounded memo.
const bmpCodes = new Array<string | undefined>(0x10000).fill(undefined);
const codeMemo = new BoundedMemo<string>(100_000);

export function encodeChar(ch: string): string {
  if (ch.length === 1) return (bmpCodes[ch.charCodeAt(0)] ??= computeCode(ch));
  return codeMemo.get(ch, computeCode);
}

function computeCode(ch: string): string {
  const rank = commonCodes().get(ch);
  return rank !== undefined ? letters(rank, 3) : 'z' + letters(Math.min(ch.codePointAt(0)!, LIMIT - 1), 4);
}

function grams(chars: string[], n: number, prefix: string): string[] {
  const codes = chars.map(encodeChar);
  const out: string[] = [];
  if (n === 1) for (const c of codes) out.push(prefix + c);
  else if (n === 2) for (let i = 0; i + 2 <= codes.length; i++) out.push(prefix + codes[i]! + codes[i + 1]!);
  else for (let i = 0; i + n <= codes.length; i++) out.push(prefix + codes.slice(i, i + n).join(''));
  return out;
}

/** The exact-match fields of one section: heading and text as one stream, a line break between. */
export function exactFields(heading: string, text: string): ExactRecordFields {
  const chars = Array.from(heading ? `${heading}\n${text}` : text);
  return {
    x1: arrayField([...new Set(grams(chars, 1, PREFIX.x1))]),
    x2: grams(chars, 2, PREFIX.x2).join(' '),
  };
}

export interface ExactQuery {
  /** The literal string to find (quotes around the whole query removed). */
  needle: string;
  /** Meilisearch `q`: one quoted phrase. */
  q: string;
  /** True when the engine's answer may contain documents that do not contain the needle. */
  needsVerification: boolean;
}

/**
 * Strips ASCII double quotes around the whole query: `"学思想、强党性"` means the same as without.
 * Chinese quotation marks are content (“三会一课” is how the text writes it) and stay.
 */
export function unquote(raw: string): string {
  const s = raw.trim();
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) return s.slice(1, -1).trim();
  return s;
}

export function buildExactQuery(raw: string): ExactQuery | null {
  const needle = unquote(raw);
  const chars = Array.from(needle);
  if (chars.length === 0) return null;
  const tokens = chars.length === 1 ? grams(chars, 1, PREFIX.x1) : grams(chars, 2, PREFIX.x2);
  const needsVerification = chars.length > 4 || (chars.length === 4 && chars[1] === chars[2]);
  return { needle, q: `"${tokens.join(' ')}"`, needsVerification };
}

/** What the reference (a brute-force scan) and verification call a match. */
export function sectionContains(heading: string, text: string, needle: string): boolean {
  return heading.includes(needle) || text.includes(needle);
}
