// Printed lines back into paragraphs: a PDF holds positioned runs of text, not paragraphs. This
// module (pure, no pdf.js) groups a page's runs into printed lines, removes the running headers,
// footers and page numbers that repeat on every page, and joins the lines of a paragraph again —
// across a line wrap and across a page break — by geometry: the gap between lines, whether a line
// fills the measure to the right margin, first-line indentation, a change of type size, and
// headings / list items (一、 （一） 1. （1）) that always start a line of their own.
import type { DocLine, RemovedBlock } from '../types.js';
import { RADICAL_TO_IDEOGRAPH } from './cjk-radicals.js';

/** One run of text as the PDF places it; y is the baseline measured from the page top. */
export interface TextRun {
  text: string;
  x: number;
  y: number;
  width: number;
  /** Font size (the run's height). */
  size: number;
}

export interface PageRuns {
  /** 1-based. */
  page: number;
  width: number;
  height: number;
  runs: TextRun[];
}

export interface PrintedLine {
  text: string;
  page: number;
  x0: number;
  x1: number;
  /** Baseline from the page top. */
  y: number;
  size: number;
}

/** Kangxi radicals (U+2F00–U+2FDF) and CJK radical supplements that fonts such as Noto CJK map back to instead of the ideograph (⼯ for 工). */
const RADICALS = /[\u2E80-\u2FDF]/gu;

/** Printed text with look-alike radicals turned into the ideographs they stand for. */
export function normaliseRunText(text: string): string {
  return text.replace(RADICALS, (c) => RADICAL_TO_IDEOGRAPH.get(c) ?? c);
}

const LATIN_END = /[A-Za-z0-9.,;:%)\]]$/u;
const LATIN_START = /^[A-Za-z0-9(\[]/u;

/** Runs of one page → its printed lines, top to bottom (runs whose baselines are close share a line). */
export function linesOfPage(page: PageRuns): PrintedLine[] {
  const runs = page.runs.filter((r) => r.text !== '' && r.size > 0).sort((a, b) => a.y - b.y || a.x - b.x);
  const groups: TextRun[][] = [];
  for (const run of runs) {
    const last = groups[groups.length - 1];
    const ref = last?.[0];
    if (ref && Math.abs(run.y - ref.y) <= Math.max(ref.size, run.size) * 0.4) last.push(run);
    else groups.push([run]);
  }
  const lines: PrintedLine[] = [];
  for (const group of groups) {
    group.sort((a, b) => a.x - b.x);
    let text = '';
    let end = -Infinity;
    for (const run of group) {
      const gap = run.x - end;
      const size = run.size;
      // A visible gap between two runs is a space only between Latin words; CJK text has none.
      if (text !== '' && gap > size * 0.25 && LATIN_END.test(text) && LATIN_START.test(run.text.trimStart())) text += ' ';
      else if (text !== '' && gap > size * 2.5) text += ' ';
      text += run.text;
      end = Math.max(end, run.x + run.width);
    }
    text = normaliseRunText(text).replace(/\s+/gu, ' ').trim();
    if (text === '') continue;
    const sizes = group.map((r) => r.size).sort((a, b) => a - b);
    lines.push({
      text,
      page: page.page,
      x0: group[0]!.x,
      x1: end,
      y: group.reduce((s, r) => s + r.y, 0) / group.length,
      size: sizes[Math.floor(sizes.length / 2)]!,
    });
  }
  return lines;
}

/** A line that is only a page number: 第 3 页 / 第3页 共5页 / - 3 - / 3/5 / Page 3 of 5 / 3. */
const PAGE_NUMBER =
  /^(?:第\s*[0-9一二三四五六七八九十百]+\s*页(?:\s*[,，/]?\s*共\s*[0-9一二三四五六七八九十百]+\s*页)?|共\s*\d+\s*页\s*第\s*\d+\s*页|[-—–－]\s*\d{1,4}\s*[-—–－]|\d{1,4}\s*[/／]\s*\d{1,4}|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?|\d{1,4})$/iu;

/** Share of the page height at the top and at the bottom where running headers and footers stand. */
const EDGE_ZONE = 0.14;

/** How a line looks apart from its numbers and spacing: 第 1 页 共 2 页 and 第 2 页 共 2 页 are one furniture line. */
const furnitureKey = (text: string) => text.replace(/\s+/gu, '').replace(/[0-9０-９]+/gu, '#');

export interface Furniture {
  /** The lines that are not running headers, footers or page numbers. */
  body: PrintedLine[][];
  removed: RemovedBlock[];
}

/**
 * Running headers and footers: lines in the top or bottom zone of a page that recur (numbers aside)
 * on at least half the pages, and page-number lines there on any page. Only the outermost two
 * lines of each edge are candidates, so a body line that happens to recur is never taken.
 */
export function removeFurniture(pages: PrintedLine[][], heights: number[]): Furniture {
  const candidates = pages.map((lines, i) => {
    const h = heights[i]!;
    const top = lines.slice(0, 2).filter((l) => l.y < h * EDGE_ZONE);
    const bottom = lines.slice(-2).filter((l) => l.y > h * (1 - EDGE_ZONE));
    return new Map<PrintedLine, 'header' | 'footer'>([...top.map((l) => [l, 'header'] as const), ...bottom.map((l) => [l, 'footer'] as const)]);
  });
  const pagesWithKey = new Map<string, number>();
  for (const map of candidates) {
    for (const key of new Set([...map.keys()].map((l) => furnitureKey(l.text)))) pagesWithKey.set(key, (pagesWithKey.get(key) ?? 0) + 1);
  }
  const minPages = Math.max(2, Math.ceil(pages.length / 2));
  const removed: RemovedBlock[] = [];
  const body = pages.map((lines, i) =>
    lines.filter((line) => {
      const zone = candidates[i]!.get(line);
      if (!zone) return true;
      const recurs = pages.length >= 2 && (pagesWithKey.get(furnitureKey(line.text)) ?? 0) >= minPages;
      const number = PAGE_NUMBER.test(line.text);
      if (!recurs && !number) return true;
      const rule = number || /[#]/u.test(furnitureKey(line.text)) ? 'PDF页码' : zone === 'header' ? 'PDF页眉' : 'PDF页脚';
      removed.push({ kind: 'chrome', rule, text: `${line.text}（第 ${line.page} 页）` });
      return false;
    }),
  );
  return { body, removed };
}

/** A line that starts a heading or a list item: 一、 （一） 1. 1、 （1） ① 第一章/部分 一是. */
const BLOCK_START =
  /^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[）)]|\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)]|[①-⑳]|第[一二三四五六七八九十百\d]+[章节部分篇条]|[•●◆■□▪-]\s)/u;

/** Ends of a sentence or clause after which a short line may well be a paragraph's end. */
const SENTENCE_END = /[。！？!?；;：:…”’」』）)]$/u;

interface Measure {
  left: number;
  right: number;
  size: number;
  /** Usual distance between the baselines of two lines of a paragraph. */
  leading: number;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** The text block's left and right edges and the body type size, from the lines themselves. */
function measure(lines: PrintedLine[]): Measure {
  const size = median(lines.map((l) => l.size)) || 12;
  // Continuation lines are the majority and start at the left edge; the commonest start is it.
  const starts = new Map<number, number>();
  for (const l of lines) starts.set(Math.round(l.x0), (starts.get(Math.round(l.x0)) ?? 0) + 1);
  const modeStart = [...starts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
  const left = Math.min(modeStart, ...lines.filter((l) => l.x0 < modeStart - 0.5).map((l) => l.x0), modeStart);
  // Full lines end at the right edge: take a high percentile of the ends, not the one widest line.
  const ends = lines.filter((l) => l.text.length >= 4).map((l) => l.x1).sort((a, b) => a - b);
  const right = ends.length > 0 ? ends[Math.floor(ends.length * 0.9)]! : Math.max(...lines.map((l) => l.x1));
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1]!;
    const b = lines[i]!;
    if (a.page === b.page && b.y > a.y) gaps.push(b.y - a.y);
  }
  return { left, right, size, leading: median(gaps) || size * 1.5 };
}

/** Whether `next` goes on the paragraph whose last printed line is `prev`. */
function continues(prev: PrintedLine, next: PrintedLine, m: Measure, indents: boolean): boolean {
  const size = Math.max(prev.size, next.size, 1);
  // A heading or list item starts its own line — after a sentence's end or a line left short (a
  // wrapped 1.5万元 or （一） inside a sentence may start a printed line too).
  if (BLOCK_START.test(next.text) && (SENTENCE_END.test(prev.text) || prev.x1 < m.right - size * 1.6)) return false;
  // A different type size (a title, a heading set larger) is a different block.
  if (Math.abs(prev.size - next.size) > m.size * 0.12) return false;
  // The previous line stopped short of the right edge: its paragraph ended there.
  const filled = prev.x1 >= m.right - size * 1.6;
  if (!filled) return false;
  // A first-line indent starts a paragraph.
  if (next.x0 > m.left + size * 1.2) return false;
  if (prev.page === next.page) {
    // More space than the usual leading: a paragraph gap.
    if (next.y - prev.y > m.leading * 1.45) return false;
  }
  // Block paragraphs (no indents): a full line ending a sentence is as likely an end as not; a
  // following line that is short and ends a sentence too reads as its own paragraph only with a gap,
  // so keep joining — but a paragraph never continues after a heading-like line that ended one.
  if (!indents && SENTENCE_END.test(prev.text) && prev.x1 < m.right - size * 0.6) return false;
  return true;
}

const CJK_OR_PUNCT = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’]/u;

/** Joins two printed lines of one paragraph: no space between CJK text, one between Latin words, a hyphenated word mended. */
export function joinWrapped(a: string, b: string): string {
  if (a === '') return b;
  const last = a.slice(-1);
  const first = b.slice(0, 1);
  if (/[A-Za-z]-$/u.test(a) && /^[a-z]/u.test(b)) return a.slice(0, -1) + b;
  if (CJK_OR_PUNCT.test(last) || CJK_OR_PUNCT.test(first)) return a + b;
  return `${a} ${b}`;
}

/** Body lines of all pages, in reading order → paragraphs, each with the page it starts on. */
export function paragraphsOf(pages: PrintedLine[][]): DocLine[] {
  const lines = pages.flat();
  if (lines.length === 0) return [];
  const m = measure(lines);
  // Does this document mark paragraphs with a first-line indent at all?
  const indented = lines.filter((l) => l.x0 > m.left + m.size * 1.2 && l.x0 < m.left + m.size * 3.5).length;
  const indents = indented >= Math.max(2, lines.length * 0.04);
  const out: DocLine[] = [];
  let current: { text: string; page: number } | null = null;
  let prev: PrintedLine | null = null;
  for (const line of lines) {
    if (current && prev && continues(prev, line, m, indents)) {
      current.text = joinWrapped(current.text, line.text);
    } else {
      if (current) out.push({ text: current.text, page: current.page });
      current = { text: line.text, page: line.page };
    }
    prev = line;
  }
  if (current) out.push({ text: current.text, page: current.page });
  return out;
}
