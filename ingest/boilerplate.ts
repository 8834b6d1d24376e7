// Boilerplate learned from the archive: a short line that stands verbatim at the head or foot of
// several files that are otherwise different documents is a site's chrome (its tagline, its slogan),
// as web-extraction tools such as jusText and boilerpipe reason — whatever its words, so a site
// never seen before is caught once three of its files are in. Lines that a summary itself repeats
// across files are never taken: titles, headings, sentences (现将有关情况总结如下。), the unit's
// name and the date of a signature. Pure: the runner collects candidates and keeps them between
// runs (boilerplate-store.ts), the clean stage removes the learned lines at the edges of a file.
import { matchMarker } from './headings.js';
import { toSimplified } from '../src/core/text/simplify.js';

/** How many non-empty lines at each end of a file count as its head and foot. */
export const EDGE_LINES = 3;
/** A line is learned when this many different files have it at an edge. */
export const MIN_FILES = 3;
/** Chrome lines are short: letters and digits, without punctuation. */
const MIN_KEY = 4;
const MAX_KEY = 40;

/** Genre words a title ends with: a title shared by files is a series, not chrome. */
const TITLE_END = /(?:总结|报告|汇报|情况|计划|要点|打算|方案|体会|发言|讲话|述职|材料)(?:[（(][^）)]*[）)])?$/u;
/** A unit's name or signature (XX县财政局党组, 中共XX村支部委员会): the letterhead of one organisation's files. */
const ORG_END = /(?:党委|党组|党工委|党总支|党支部|支部|委员会|局|委|办|厅|院|校|学校|公司|集团|社区|村|镇|乡|街道|中心|办公室|部|所|站|队|馆)$/u;
/** A date line (2023年12月28日, 二〇二三年十二月): the signature's date. */
const DATE_LINE = /^[\d〇○零一二三四五六七八九十]{2,4}\s*年(?:[\d一二三四五六七八九十]{1,3}\s*月(?:[\d一二三四五六七八九十]{1,3}\s*日)?)?$/u;
/** A sentence of the text ends so; a tagline does not (or ends with ！). */
const SENTENCE_END = /[。；：，,;:]\s*$/u;

export interface EdgeLine {
  /** Comparison key: simplified, letters and digits only, lower case. */
  key: string;
  /** The line as it stands (for the summary and --explain). */
  text: string;
}

/** The key two files' lines are compared by: spaces, punctuation, emoji and script differences do not count. */
export function lineKey(text: string): string {
  return toSimplified(text)
    .replace(/[^\p{L}\p{N}]/gu, '')
    .toLowerCase();
}

/** Indices of the head and foot lines: the first and last EDGE_LINES non-empty lines. */
export function edgeIndices(texts: readonly string[]): Set<number> {
  const filled = texts.map((t, i) => [t, i] as const).filter(([t]) => t.trim() !== '').map(([, i]) => i);
  return new Set([...filled.slice(0, EDGE_LINES), ...filled.slice(-EDGE_LINES)]);
}

/** Whether a line could be a site's chrome by its shape (short, not a title, heading, sentence, unit or date). */
export function isChromeShaped(text: string): boolean {
  const t = toSimplified(text.trim());
  const key = lineKey(t);
  if (key.length < MIN_KEY || key.length > MAX_KEY) return false;
  if (matchMarker(t) !== null || SENTENCE_END.test(t)) return false;
  const bare = t.replace(/[\s\p{P}\p{S}]+$/u, '');
  return !TITLE_END.test(bare) && !ORG_END.test(bare) && !DATE_LINE.test(bare.replace(/\s/g, ''));
}

/** A file's candidate lines: its chrome-shaped head and foot lines, once each. */
export function edgeCandidates(texts: readonly string[]): EdgeLine[] {
  const seen = new Set<string>();
  const out: EdgeLine[] = [];
  for (const i of [...edgeIndices(texts)].sort((a, b) => a - b)) {
    const text = texts[i]!.trim();
    if (!isChromeShaped(text)) continue;
    const key = lineKey(text);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ key, text });
  }
  return out;
}

export interface LearnedLine {
  key: string;
  text: string;
  /** How many files have it at an edge. */
  files: number;
}

/** Lines at the edges of at least `minFiles` files (each file's candidates given once). */
export function learnBoilerplate(files: Iterable<readonly EdgeLine[]>, minFiles = MIN_FILES): LearnedLine[] {
  const counts = new Map<string, LearnedLine>();
  for (const lines of files) {
    for (const l of lines) {
      const known = counts.get(l.key);
      if (known) known.files++;
      else counts.set(l.key, { key: l.key, text: l.text, files: 1 });
    }
  }
  return [...counts.values()].filter((l) => l.files >= minFiles).sort((a, b) => b.files - a.files || a.text.localeCompare(b.text));
}
