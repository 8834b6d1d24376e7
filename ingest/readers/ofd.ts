// Reader for OFD (GB/T 33190, the national fixed-layout format official documents are issued in):
// a zip of XML. OFD.xml names the document root (Document.xml), which lists the pages in order;
// each page's Content.xml places TextObjects (usually one per printed line, sometimes one per run
// of a font) at a Boundary, with TextCode X/Y/DeltaX giving each glyph's position. No npm package
// reads OFD text in Node (ofd.js renders to a browser canvas), so the XML is read here with xmldom.
//
// Printed lines are rebuilt from the text runs by position (top-to-bottom, left-to-right) and joined
// back into paragraphs the way a reader sees them: a paragraph ends at a line that stops well short
// of the right margin or ends with 。！？；：, and starts at an indented line or a heading / list
// marker (一、（一）1.); a paragraph cut by a page break is joined again and keeps the page where it
// starts. Folios (— 1 —, 第1页 共3页) go into `removed`. Dropped: page templates (running furniture),
// annotations and signatures (stamps), images and vector graphics.
import { DOMParser } from '@xmldom/xmldom';
import { BadInputError } from '../../src/core/errors.js';
import { matchMarker } from '../headings.js';
import type { DecodedDoc, DocLine, RemovedBlock } from '../types.js';
import type { Reader } from './reader.js';
import { readZipEntries } from './zip-entries.js';
import { checkZipBudget, DOCX_BUDGET } from './zip-limits.js';

export const ofdReader: Reader = { format: 'ofd', read: (bytes, ctx) => decodeOfd(bytes, ctx.progress) };

/** One run of text as placed on a page (mm, origin top-left). */
export interface TextRun {
  page: number;
  x: number;
  /** Baseline. */
  y: number;
  /** Right edge of the last glyph. */
  right: number;
  size: number;
  text: string;
}

/** One printed line: the runs on one baseline, left to right. */
export interface PrintedLine {
  page: number;
  x: number;
  y: number;
  right: number;
  size: number;
  text: string;
}

function parseXml(xml: string, what: string): Document {
  // xmldom reports a cut-off or broken file as an error and parses on; a writer's XML never has one.
  let fatal: string | null = null;
  const broken = (m: string) => (fatal ??= m);
  const doc = new DOMParser({ errorHandler: { warning: () => {}, error: broken, fatalError: broken } }).parseFromString(xml, 'text/xml');
  if (fatal || !doc.documentElement) throw new BadInputError(`ofd 文件已损坏（${what} 不是完整的 XML），无法读取`);
  return doc;
}

/** Elements by local name, whatever prefix/namespace the writer used (ofd: is the norm, not a rule). */
function byName(root: Document | Element, name: string): Element[] {
  const list = root.getElementsByTagNameNS('*', name);
  const out: Element[] = [];
  for (let i = 0; i < list.length; i++) out.push(list[i]!);
  return out;
}

function childText(root: Document | Element, name: string): string | null {
  const el = byName(root, name)[0];
  return el ? (el.textContent ?? '').trim() : null;
}

/** A path of the package, resolved against the folder of the file that names it (a leading / is the root). */
export function resolvePath(base: string, ref: string): string {
  const parts = ref.startsWith('/') ? [] : base.split('/').slice(0, -1);
  for (const seg of ref.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

export async function decodeOfd(bytes: Buffer, progress?: (done: number, total: number) => void): Promise<DecodedDoc> {
  await checkZipBudget(bytes, DOCX_BUDGET, 'ofd');
  // Only the XML parts: fonts and images are never inflated.
  const entries = readZipEntries(bytes, (n) => /\.xml$/i.test(n), 'ofd');
  const get = (name: string) => {
    for (const [k, v] of entries) if (k.toLowerCase() === name.toLowerCase()) return v.toString('utf8');
    return null;
  };
  const ofdXml = get('OFD.xml');
  if (ofdXml === null) throw new BadInputError('ofd 文件已损坏（缺少 OFD.xml），无法读取');
  const ofd = parseXml(ofdXml, 'OFD.xml');
  const docBody = byName(ofd, 'DocBody')[0];
  // GB/T 33190 §18: an encrypted package names its encryption description in the DocBody.
  if (docBody && byName(docBody, 'Encryptions').length > 0) throw new BadInputError('加密文件，无法读取');
  if ([...entries.keys()].some((k) => /(^|\/)Encryptions?\.xml$/i.test(k))) throw new BadInputError('加密文件，无法读取');
  const docRoot = docBody ? childText(docBody, 'DocRoot') : null;
  if (!docRoot) throw new BadInputError('ofd 文件已损坏（OFD.xml 没有 DocRoot），无法读取');
  const docPath = resolvePath('', docRoot);
  const documentXml = get(docPath);
  if (documentXml === null) throw new BadInputError(`ofd 文件已损坏（缺少 ${docPath}），无法读取`);
  const document = parseXml(documentXml, docPath);

  const pagesEl = byName(document, 'Pages')[0];
  const pageRefs = pagesEl ? byName(pagesEl, 'Page').map((p) => p.getAttribute('BaseLoc') ?? '') : [];
  if (pageRefs.length === 0) throw new BadInputError('ofd 文件里没有页面');

  const runs: TextRun[] = [];
  pageRefs.forEach((ref, i) => {
    const path = resolvePath(docPath, ref);
    const xml = get(path);
    if (xml === null) throw new BadInputError(`ofd 文件已损坏（缺少第 ${i + 1} 页 ${path}），无法读取`);
    runs.push(...pageRuns(parseXml(xml, path), i + 1));
    progress?.(i + 1, pageRefs.length);
  });
  const removed: RemovedBlock[] = [];
  const lines = joinParagraphs(dropFolios(printedLines(runs), removed));
  if (lines.length === 0) throw new BadInputError('ofd 文件没有文字层（可能是扫描件）');
  return { format: 'ofd', encoding: 'ofd', lines, pageCount: pageRefs.length, removed };
}

/** DeltaX → the advance before each glyph after the first; "g N d" repeats d N times (GB/T 33190 §11.3). */
export function parseDelta(spec: string | null): number[] {
  if (!spec) return [];
  const tokens = spec.trim().split(/\s+/);
  const out: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === 'g') {
      const n = Number(tokens[i + 1]);
      const d = Number(tokens[i + 2]);
      if (Number.isFinite(n) && Number.isFinite(d)) for (let k = 0; k < Math.min(n, 100_000); k++) out.push(d);
      i += 2;
    } else {
      const d = Number(tokens[i]);
      if (Number.isFinite(d)) out.push(d);
    }
  }
  return out;
}

const numbers = (s: string | null): number[] => (s ?? '').trim().split(/[\s,]+/).filter(Boolean).map(Number);

/** The text runs of one page's Content.xml: every TextObject's TextCodes, placed on the page. */
export function pageRuns(page: Document, pageNo: number): TextRun[] {
  const runs: TextRun[] = [];
  for (const obj of byName(page, 'TextObject')) {
    const [bx = 0, by = 0] = numbers(obj.getAttribute('Boundary'));
    // A CTM maps the object's own coordinates into its Boundary (a writer that sets text at size 1
    // and scales it, or shifts it): [a b c d e f], x' = a·x + c·y + e, y' = b·x + d·y + f.
    const m = numbers(obj.getAttribute('CTM'));
    const [a, b, c, d, e, f] = m.length === 6 && m.every(Number.isFinite) ? m : [1, 0, 0, 1, 0, 0];
    const sx = Math.hypot(a!, b!) || 1;
    const sy = Math.hypot(c!, d!) || 1;
    const own = Number(obj.getAttribute('Size')) || 3.5;
    const size = own * sy;
    let penX = 0;
    let penY = 0;
    for (const code of byName(obj, 'TextCode')) {
      const text = (code.textContent ?? '').replace(/[\r\n\t]/g, ' ');
      const x = code.getAttribute('X');
      const y = code.getAttribute('Y');
      if (x !== null && x !== '') penX = Number(x);
      if (y !== null && y !== '') penY = Number(y);
      const glyphs = [...text];
      if (glyphs.length === 0) continue;
      const deltas = parseDelta(code.getAttribute('DeltaX'));
      let width = 0;
      for (let g = 1; g < glyphs.length; g++) width += deltas[g - 1] ?? advance(glyphs[g - 1]!, own);
      const lastWidth = advance(glyphs[glyphs.length - 1]!, own);
      const left = bx + a! * penX + c! * penY + e!;
      const baseline = by + b! * penX + d! * penY + f!;
      runs.push({ page: pageNo, x: left, y: baseline, right: left + (width + lastWidth) * sx, size, text });
      penX += width + lastWidth;
    }
  }
  return runs;
}

/** A glyph's width when DeltaX does not say: CJK and full-width forms are square, the rest about half. */
function advance(ch: string, size: number): number {
  return /[\u2E80-\uFFEF]/u.test(ch) ? size : size * 0.5;
}

/** Runs → printed lines: runs on one baseline (within a third of the type size), left to right, page by page. */
export function printedLines(runs: readonly TextRun[]): PrintedLine[] {
  const out: PrintedLine[] = [];
  const byPage = new Map<number, TextRun[]>();
  for (const r of runs) (byPage.get(r.page) ?? byPage.set(r.page, []).get(r.page)!).push(r);
  for (const page of [...byPage.keys()].sort((a, b) => a - b)) {
    const sorted = byPage.get(page)!.slice().sort((a, b) => a.y - b.y || a.x - b.x);
    const groups: TextRun[][] = [];
    for (const r of sorted) {
      const g = groups[groups.length - 1];
      if (g && Math.abs(r.y - g[0]!.y) <= Math.max(r.size, g[0]!.size) / 3) g.push(r);
      else groups.push([r]);
    }
    for (const g of groups) {
      g.sort((a, b) => a.x - b.x);
      let text = '';
      let right = -Infinity;
      for (const r of g) {
        // A visible gap between runs is a space (a signature block set apart, Latin words); touching runs join.
        if (text !== '' && r.x - right > r.size * 0.8 && !/\s$/.test(text)) text += ' ';
        text += r.text;
        right = Math.max(right, r.right);
      }
      const size = g.reduce((m, r) => Math.max(m, r.size), 0);
      if (text.trim() !== '') out.push({ page, x: g[0]!.x, y: g[0]!.y, right, size, text: text.trim() });
    }
  }
  return out;
}

/** Page numbers a writer prints on every page: — 1 —, - 2 -, 第 1 页 共 3 页, 1/3. */
const FOLIO = /^(?:[-－—–\s]*[0-9０-９]{1,4}[-－—–\s]*|第\s*[0-9０-９]{1,4}\s*页(?:\s*[,，/／]?\s*共\s*[0-9０-９]{1,4}\s*页)?|[0-9]{1,4}\s*[/／]\s*[0-9]{1,4})$/u;

/** The first or last line of a page that is only a page number goes (into `removed`). */
export function dropFolios(lines: readonly PrintedLine[], removed: RemovedBlock[]): PrintedLine[] {
  const edge = new Set<PrintedLine>();
  const pages = new Map<number, PrintedLine[]>();
  for (const l of lines) (pages.get(l.page) ?? pages.set(l.page, []).get(l.page)!).push(l);
  for (const ls of pages.values()) {
    edge.add(ls[0]!);
    edge.add(ls[ls.length - 1]!);
  }
  return lines.filter((l) => {
    if (!(edge.has(l) && FOLIO.test(l.text))) return true;
    removed.push({ kind: 'page-furniture', rule: 'OFD 页码', text: l.text, page: l.page });
    return false;
  });
}

/** Sentence ends that close a paragraph at a line end (a closing quote or bracket may follow). */
const PARAGRAPH_END = /[。！？；：!?;:][”’」』）)]?$/u;
/**
 * A line wrapped between two words of Latin text lost the space between them; a placeholder (XX)
 * or a number cut inside Chinese text did not have one: only a Latin word that itself follows a
 * space (or starts the line) gets the space back.
 */
const LATIN_WORD_END = /(^|\s)[A-Za-z][A-Za-z'-]*$/;
const LATIN_START = /^[A-Za-z]/;

/**
 * Printed lines → paragraphs (one DocLine each, tagged with the page it starts on). Margins are the
 * document's own: the left edge most lines start at and the right edge full lines reach.
 */
export function joinParagraphs(lines: readonly PrintedLine[]): DocLine[] {
  if (lines.length === 0) return [];
  const sizes = lines.map((l) => l.size).sort((a, b) => a - b);
  const size = sizes[Math.floor(sizes.length / 2)]!;
  const left = leftMargin(lines.map((l) => l.x), size / 2);
  // Full lines reach the right margin; the longest lines' right edge (robust to one stray wide line).
  const rights = lines.map((l) => l.right).sort((a, b) => b - a);
  const right = rights[Math.min(rights.length - 1, Math.floor(rights.length / 10))]!;

  // Each paragraph's printed lines are collected and joined once (a long paragraph stays linear).
  const out: { page: number; parts: string[] }[] = [];
  let prev: PrintedLine | null = null;
  for (const line of lines) {
    const indented = line.x - left > size * 1.2;
    const marker = matchMarker(line.text) !== null;
    const prevEnded = prev === null || PARAGRAPH_END.test(prev.text) || right - prev.right > size * 1.5;
    if (prevEnded || indented || marker) {
      out.push({ page: line.page, parts: [line.text] });
    } else {
      out[out.length - 1]!.parts.push(LATIN_WORD_END.test(prev!.text) && LATIN_START.test(line.text) ? ' ' + line.text : line.text);
    }
    prev = line;
  }
  return out.map((p) => ({ text: p.parts.join(''), page: p.page }));
}

/**
 * The left margin: the leftmost position that several lines start at (bucketed by `tolerance`), so
 * one stray line further left does not move it, and a page of one-line paragraphs (all indented)
 * still has its margin where its continuation lines would start.
 */
function leftMargin(values: readonly number[], tolerance: number): number {
  const buckets = new Map<number, { n: number; min: number }>();
  for (const v of values) {
    const k = Math.floor(v / tolerance);
    const b = buckets.get(k) ?? { n: 0, min: v };
    b.n++;
    b.min = Math.min(b.min, v);
    buckets.set(k, b);
  }
  const enough = Math.max(2, Math.ceil(values.length * 0.05));
  const ordered = [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b);
  return (ordered.find((b) => b.n >= enough) ?? ordered[0]!).min;
}
