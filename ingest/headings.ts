// Heading-marker recognition shared by metadata (a title is never a heading) and split (section hierarchy).
//
// Marker kinds of Chinese official writing (GB/T 9704 order: 一、 → （一） → 1. → （1）), plus the
// part/chapter level above and the circled numbers below. Kinds are only *recognised* here; which
// level a kind gets is decided per document by split.ts (levels are relative).

export type MarkerKind =
  | 'part' // 第一部分
  | 'chapter' // 第一章 / 第一篇
  | 'cn-dun' // 一、 一． 一.
  | 'cn-paren' // （一） (一)
  | 'num-dot' // 1. 1、 1． ⒈
  | 'num-paren' // （1） (1) ⑴
  | 'num-half' // 1） 1)
  | 'circled'; // ① ②

/** Strong kinds are headings whatever their length; weak (arabic/circled) kinds must also be short-ish. */
export const WEAK_KINDS: ReadonlySet<MarkerKind> = new Set(['num-dot', 'num-paren', 'num-half', 'circled']);

export interface MarkerMatch {
  kind: MarkerKind;
  /** Length of the marker (incl. spaces after it) at the start of the line. */
  markerLength: number;
}

// Numerals of 第…部分 (第十二部分, 第〇…) and of sequence markers (一、 … 二十、).
const CN_NUM = '一二三四五六七八九十百零〇两';
const CN_SEQ = '一二三四五六七八九十';
const DIGIT = '0-9０-９';

// Each pattern matches the marker only; the text after it is checked separately.
const PATTERNS: ReadonlyArray<[MarkerKind, RegExp]> = [
  ['part', new RegExp(`^第[${CN_NUM}${DIGIT}]{1,4}部分[\\s:：、.．，]*`)],
  ['chapter', new RegExp(`^第[${CN_NUM}${DIGIT}]{1,4}[章篇](?![节程])[\\s:：、.．，]*`)],
  ['cn-paren', new RegExp(`^[（(]\\s*[${CN_SEQ}]{1,3}\\s*[）)][\\s、.．]*`)],
  ['num-paren', new RegExp(`^(?:[（(]\\s*[${DIGIT}]{1,2}\\s*[）)]|[\\u2474-\\u2487])[\\s、.．]*`)],
  ['cn-dun', new RegExp(`^[${CN_SEQ}]{1,3}\\s*[、.．]\\s*`)],
  // 1.5万元 / 2.3% are decimals: no digit right after the dot (a 4-digit year + 年 is fine: 1.2023年工作回顾).
  ['num-dot', new RegExp(`^(?:[${DIGIT}]{1,2}\\s*[.．、](?![${DIGIT}](?![${DIGIT}]{3}年))|[\\u2488-\\u249B])[\\s、.．]*`)],
  ['num-half', new RegExp(`^[${DIGIT}]{1,2}[）)][\\s、.．]*`)],
  ['circled', /^[\u2460-\u2473][\s、.．]*/],
];

// 一、二季度… / 3、4月份… : an enumeration of numbers, not a heading marker (一、一年来… / 一、三个… stay headings).
const CN_ENUMERATION = new RegExp(`^[${CN_SEQ}]+(?:[、，,和及至到—-]|季度|月|年级|等)`);
const NUM_ENUMERATION = new RegExp(`^[${DIGIT}](?![${DIGIT}]{3}年)`);

/** Does the text after a marker contain real content (CJK, letter or digit)? */
const CONTENT = /[\p{Script=Han}\p{L}\p{N}]/u;

/** Recognise a heading marker at the start of a (trimmed) line; null when the line is body text. */
export function matchMarker(line: string): MarkerMatch | null {
  for (const [kind, re] of PATTERNS) {
    const m = re.exec(line);
    if (!m) continue;
    const rest = line.slice(m[0].length);
    // 第一部分 may stand alone on its line; every other marker must be followed by text.
    if (kind !== 'part' && kind !== 'chapter' && !CONTENT.test(rest)) return null;
    // Only open markers (一、 1、 1.) can be the first item of an enumeration; （一） (1) ① are closed.
    if (kind === 'cn-dun' && CN_ENUMERATION.test(rest)) return null;
    if (kind === 'num-dot' && NUM_ENUMERATION.test(rest)) return null;
    return { kind, markerLength: m[0].length };
  }
  return null;
}

export interface HeadingSplit {
  /** Heading text (marker kept, trailing 。；： dropped). */
  heading: string;
  /** Body text that followed the heading on the same line ('' when none). */
  body: string;
  /** Index in the line where `body` starts (line length when no body). */
  bodyStart: number;
  /** Length of the first sentence after the marker (before a long one is cut to its first clause). */
  sentenceLength: number;
}

const OPEN = '“《（(「『【‘〈';
const CLOSE = '”》）)」』】’〉';
// Terminators that end a heading; ！？ stay in the heading (they carry meaning), the others are dropped.
const TERMINATORS = '。；！？：;!?:';
const KEEP_TERMINATORS = '！？!?';

/**
 * Cut a heading line into heading and same-line body at the first sentence terminator outside
 * quotes/brackets, when real text follows it: `（一）锚定提升学习意识不放松。把学习…`.
 */
export function splitHeadingLine(line: string, markerLength: number): HeadingSplit {
  // Brackets are only trusted when they pair up; a stray “ must not hide the whole line's terminators.
  const cut = findCut(line, markerLength, bracketsBalanced(line, markerLength));
  let split: Omit<HeadingSplit, 'sentenceLength'>;
  if (cut !== undefined) {
    const keep = KEEP_TERMINATORS.includes(line[cut]!) ? line[cut]! : '';
    split = { heading: line.slice(0, cut) + keep, ...bodyFrom(line, cut + 1) };
  } else {
    split = { heading: stripTrailing(line), body: '', bodyStart: line.length };
  }
  // （一）通过定期召开…大会等进行学习研讨，传达、学习、贯彻…的自觉性。 is a paragraph, not a titled item:
  // its heading is the first clause and the rest of the line is body.
  const sentenceLength = split.heading.length - markerLength;
  if (sentenceLength > LONG_HEADING) {
    const comma = findComma(line, markerLength);
    if (comma !== undefined && comma < split.heading.length) {
      split = { heading: line.slice(0, comma), ...bodyFrom(line, comma + 1) };
    }
  }
  return { ...split, sentenceLength };
}

/** Heading text longer than this (after the marker) is a paragraph's first sentence. */
export const LONG_HEADING = 40;
/** A clause shorter than this is no heading (（一）首先，…). */
const MIN_CLAUSE = 4;

function bodyFrom(line: string, from: number): { body: string; bodyStart: number } {
  let bodyStart = from;
  while (bodyStart < line.length && /\s/.test(line[bodyStart]!)) bodyStart++;
  return { body: line.slice(bodyStart), bodyStart };
}

function findComma(line: string, from: number): number | undefined {
  let depth = 0;
  for (let i = from; i < line.length; i++) {
    const ch = line[i]!;
    if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && (ch === '，' || ch === ',') && i - from >= MIN_CLAUSE && i - from <= LONG_HEADING) return i;
  }
  return undefined;
}

function bracketsBalanced(line: string, from: number): boolean {
  let depth = 0;
  for (let i = from; i < line.length; i++) {
    if (OPEN.includes(line[i]!)) depth++;
    else if (CLOSE.includes(line[i]!) && --depth < 0) return false;
  }
  return depth === 0;
}

function findCut(line: string, from: number, respectBrackets: boolean): number | undefined {
  let depth = 0;
  for (let i = from; i < line.length; i++) {
    const ch = line[i]!;
    if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    else if ((depth === 0 || !respectBrackets) && TERMINATORS.includes(ch)) {
      // 8:30 is a time, not a colon.
      if ((ch === ':' || ch === ';') && /\d/.test(line[i - 1] ?? '') && /\d/.test(line[i + 1] ?? '')) continue;
      if (CONTENT.test(line.slice(i + 1))) return i;
    }
  }
  return undefined;
}

/** Drop trailing 。；： (and spaces) from a heading that has no body after it. */
export function stripTrailing(text: string): string {
  return text.replace(/[\s。；：;:，,、]+$/u, '');
}

/** True when the line starts with a heading marker (used by metadata: a heading is never a title). */
export function isMarkedHeading(line: string): boolean {
  return matchMarker(line.trim()) !== null;
}
