// Compilation stage: a downloaded file that holds several summaries (2023社区党建工作总结5篇, then
// …篇1, …篇2 or 第1篇 …) becomes one cleaned document per summary. The compilation's own title and
// the part headers are no section text: they are reported as removed. Pure.
import type { CleanDoc, RemovedBlock } from './types.js';
import { looksLikeTitle } from './metadata.js';
import { toSimplified } from '../src/core/text/simplify.js';

export interface CompilationPart {
  /** 1-based position in the compilation. */
  index: number;
  doc: CleanDoc;
  /** 1-based line of the decoded file where the part's header stood. */
  sourceLine: number | null;
}

export interface Compilation {
  title: string | null;
  parts: CompilationPart[];
  /** The compilation title and the part headers. */
  removed: RemovedBlock[];
}

const NUM = '[0-9０-９一二三四五六七八九十]{1,3}';
/** Part headers, on a short line: …篇1 / 【篇二】 / 第1篇 / 第一篇：… / 范文3 (the rest of the line may be the part's title). */
const PART_HEADER = [
  new RegExp(`^(?<prefix>.{0,40}?)[【\\[〔（(]?\\s*篇\\s*(?<n>${NUM})\\s*[】\\]〕）)]?\\s*[:：、.．]?\\s*(?<rest>.*)$`, 'u'),
  new RegExp(`^[【\\[〔（(]?\\s*第\\s*(?<n>${NUM})\\s*篇\\s*[】\\]〕）)]?\\s*[:：、.．]?\\s*(?<rest>.*)$`, 'u'),
  new RegExp(`^[【\\[〔（(]?\\s*(?:范文|例文|精选|参考)\\s*(?<n>${NUM})\\s*[】\\]〕）)]?\\s*[:：、.．]?\\s*(?<rest>.*)$`, 'u'),
];
/** A compilation announces itself: 5篇 / 精选三篇 / 合集 / 汇编 / 范文大全. */
const COMPILATION_TITLE = /[0-9０-９一二三四五六七八九十]+篇|合集|汇编|精选|范文|大全|集锦|汇总/u;
const HEADER_MAX = 60;
/** A part shorter than this is no summary (a numbered list item). */
const MIN_PART_CHARS = 40;
/** Lines before the first part header that can be the compilation's title block. */
const MAX_PREFACE_LINES = 3;

const CN: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

function toNumber(s: string): number {
  const ascii = s.replace(/[０-９]/gu, (d) => String(d.charCodeAt(0) - 0xff10));
  if (/^\d+$/.test(ascii)) return Number(ascii);
  // 十一 … 九十九
  const m = /^([二三四五六七八九])?十([一二三四五六七八九])?$/u.exec(ascii);
  if (m) return (m[1] ? CN[m[1]]! : 1) * 10 + (m[2] ? CN[m[2]]! : 0);
  return CN[ascii] ?? NaN;
}

interface Header {
  line: number;
  n: number;
  /** Text after the marker on the same line ('' when none). */
  rest: string;
  restStart: number;
  /** Form 0 (…篇1) carries the compilation's name before the marker. */
  named: boolean;
}

function header(text: string): Header | null {
  const simp = toSimplified(text).trim();
  if (simp.length > HEADER_MAX) return null;
  for (let form = 0; form < PART_HEADER.length; form++) {
    const m = PART_HEADER[form]!.exec(simp);
    if (!m?.groups) continue;
    const n = toNumber(m.groups.n!);
    if (!Number.isFinite(n) || n < 1) continue;
    // 篇1 must end its prefix: 一篇文章 / 这篇 are words, not headers.
    if (form === 0 && m.groups.prefix && /[这那每一两几本该此某上下前后整全]$/u.test(m.groups.prefix)) continue;
    // …篇1 followed by text: only a title may follow on the header line.
    if (form === 0 && m.groups.rest && !looksLikeTitle(m.groups.rest)) continue;
    const rest = m.groups.rest!.trim();
    return { line: -1, n, rest, restStart: text.length - rest.length, named: form === 0 && m.groups.prefix!.trim().length > 0 };
  }
  return null;
}

/**
 * The parts of a compilation, or null for an ordinary document. A compilation has part headers
 * numbered 1, 2, 3 … in order (at least two), each part holds real text, at most a short title block
 * stands before the first header, and the file says it is a compilation (a title with 5篇/合集…, or
 * headers that repeat the compilation's name, or parts that each open with a title).
 */
export function splitCompilation(doc: CleanDoc): Compilation | null {
  const headers: Header[] = [];
  doc.lines.forEach((l, i) => {
    if (l.styleLevel !== undefined && l.styleLevel > 1) return;
    const h = header(l.text);
    if (h && h.n === headers.length + 1) headers.push({ ...h, line: i });
  });
  if (headers.length < 2) return null;
  const first = headers[0]!.line;
  if (first > MAX_PREFACE_LINES) return null;

  const preface = doc.lines.slice(0, first).map((l) => l.text.trim());
  const titled = preface.some((t) => COMPILATION_TITLE.test(toSimplified(t))) || headers.some((h) => COMPILATION_TITLE.test(toSimplified(doc.lines[h.line]!.text)));
  const named = headers.every((h) => h.named);
  const bounds = headers.map((h, k) => ({ h, end: k + 1 < headers.length ? headers[k + 1]!.line : doc.lines.length }));
  const partTitles = bounds.every(({ h, end }) => {
    const opening = h.rest || (h.line + 1 < end ? doc.lines[h.line + 1]!.text : '');
    return looksLikeTitle(toSimplified(opening));
  });
  if (!titled && !named && !partTitles) return null;
  const tooShort = bounds.some(({ h, end }) => {
    const chars = doc.lines.slice(h.line + 1, end).reduce((n, l) => n + l.text.length, h.rest.length);
    return chars < MIN_PART_CHARS;
  });
  if (tooShort) return null;

  const removed: RemovedBlock[] = [];
  const src = (i: number) => doc.sourceLines?.[i];
  if (preface.length > 0) removed.push({ kind: 'compilation', rule: '合集标题', text: preface.join('\n'), ...lineOf(src(0)) });
  const parts: CompilationPart[] = bounds.map(({ h, end }) => {
    const headerLine = doc.lines[h.line]!;
    const headerText = h.rest ? headerLine.text.slice(0, h.restStart).trim() : headerLine.text.trim();
    removed.push({ kind: 'compilation', rule: '合集分篇标题', text: headerText, ...lineOf(src(h.line)) });
    const lines = doc.lines.slice(h.line + 1, end);
    const sourceLines = doc.sourceLines?.slice(h.line + 1, end);
    if (h.rest) {
      lines.unshift({ text: headerLine.text.slice(h.restStart) });
      sourceLines?.unshift(src(h.line)!);
    }
    const shift = h.rest ? h.line : h.line + 1;
    const truncations = doc.truncations
      .filter((t) => t.line >= h.line && t.line < end)
      .map((t) => ({ ...t, line: Math.max(0, t.line - shift) }));
    const part: CleanDoc = { lines, removed: [], truncations };
    if (sourceLines) part.sourceLines = sourceLines;
    return { index: h.n, doc: part, sourceLine: src(h.line) ?? null };
  });
  return { title: preface.length > 0 ? preface.join('') : null, parts, removed };
}

function lineOf(line: number | undefined): { line?: number } {
  return line === undefined ? {} : { line };
}
