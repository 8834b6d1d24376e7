// Split stage: one cleaned document → section records along its heading hierarchy. Pure.
import type { CleanDoc, DocMeta, Section } from './types.js';
import { matchMarker, splitHeadingLine, WEAK_KINDS, type MarkerKind } from './headings.js';

/**
 * Longest text of one record. Meilisearch indexes at most ~65k words per attribute; segmented Chinese
 * runs at roughly one word per 1.5–2 chars plus the sub-word field, so 20,000 chars keeps every
 * record well inside the limit (and keeps snippets and highlighting cheap).
 */
export const MAX_SECTION_CHARS = 20_000;

/** A weak marker (1. （1） ①) is a heading only when the text before its first terminator is this short… */
export const WEAK_HEADING_MAX = 50;

type Kind = MarkerKind | `style:${number}`;

interface HeadingLine {
  kind: Kind;
  heading: string;
  /** Same-line body after the heading ('' when none) and its offset in the line. */
  body: string;
  bodyStart: number;
}

/** A piece of body text with its offset in the cleaned text. */
interface Piece {
  text: string;
  start: number;
}

interface Node {
  heading: string;
  headingPath: string[];
  level: number;
  /** Offset of the heading line, or -1 for a preamble without title. */
  headingStart: number;
  headingEnd: number;
  pieces: Piece[];
  hasChildren: boolean;
}

/** Recognise the heading lines of a document (title line excluded), deciding weak kinds per document. */
function findHeadings(doc: CleanDoc, titleLine: number): Map<number, HeadingLine> {
  const candidates = new Map<number, HeadingLine & { short: boolean }>();
  doc.lines.forEach((line, i) => {
    if (i === titleLine) return;
    // Cleaning trims lines; stay correct for untrimmed input by matching after leading blanks.
    const lead = line.text.length - line.text.trimStart().length;
    const text = line.text.slice(lead).trimEnd();
    if (text.length === 0) return;
    const marker = matchMarker(text);
    const styled = line.styleLevel !== undefined && line.styleLevel > 0;
    if (!styled && !marker) return;
    const split = splitHeadingLine(text, marker?.markerLength ?? 0);
    const kind: Kind = styled ? `style:${line.styleLevel!}` : marker!.kind;
    const short = styled || split.sentenceLength <= WEAK_HEADING_MAX;
    candidates.set(i, { kind, heading: split.heading, body: split.body, bodyStart: lead + split.bodyStart, short });
  });

  // …and only in a document where most lines of that kind are short: a list of long numbered
  // paragraphs is body text (like 一是…二是…), not a run of one-paragraph sections.
  const tally = new Map<Kind, { short: number; all: number }>();
  for (const c of candidates.values()) {
    const t = tally.get(c.kind) ?? { short: 0, all: 0 };
    t.all++;
    if (c.short) t.short++;
    tally.set(c.kind, t);
  }
  const headings = new Map<number, HeadingLine>();
  for (const [i, c] of candidates) {
    const t = tally.get(c.kind)!;
    if (!c.kind.startsWith('style:') && WEAK_KINDS.has(c.kind as MarkerKind) && t.short * 2 < t.all) continue;
    headings.set(i, { kind: c.kind, heading: c.heading, body: c.body, bodyStart: c.bodyStart });
  }
  return headings;
}

/**
 * Levels are relative to the document: docx heading styles first (by style level), then marker kinds
 * in the order they first appear. A document using only （一） and 1. gets （一）=1, 1.=2.
 */
function rankKinds(headings: Map<number, HeadingLine>): Map<Kind, number> {
  const styles = new Set<number>();
  const markers: Kind[] = [];
  for (const h of [...headings.entries()].sort((a, b) => a[0] - b[0]).map(([, h]) => h)) {
    if (h.kind.startsWith('style:')) styles.add(Number(h.kind.slice(6)));
    else if (!markers.includes(h.kind)) markers.push(h.kind);
  }
  const ranks = new Map<Kind, number>();
  [...styles].sort((a, b) => a - b).forEach((s, i) => ranks.set(`style:${s}`, i + 1));
  markers.forEach((k, i) => ranks.set(k, styles.size + i + 1));
  return ranks;
}

/**
 * Records: the preamble (level 0, heading = the title line, '' without title), every leaf heading
 * (even with empty text: the heading is content), and every parent heading with the text run before
 * its first child — empty when the child follows at once. The heading line itself is wording staff
 * search for (一、筑牢政治思想理论基础…), so it is indexed once, in its own record, and a hit on it
 * opens the viewer at that heading.
 * Offsets index `doc.lines.map(l => l.text).join('\n')`.
 */
export function splitSections(doc: CleanDoc, meta: DocMeta): Section[] {
  const lineStarts: number[] = [];
  let offset = 0;
  for (const line of doc.lines) {
    lineStarts.push(offset);
    offset += line.text.length + 1;
  }

  const headings = findHeadings(doc, meta.titleLine);
  const ranks = rankKinds(headings);
  let firstHeading = doc.lines.length;
  for (const i of headings.keys()) firstHeading = Math.min(firstHeading, i);
  // A title line after the first heading would be odd; then it is just a line.
  const titleLine = meta.titleLine >= 0 && meta.titleLine < firstHeading ? meta.titleLine : -1;

  const preamble: Node = {
    heading: titleLine >= 0 ? doc.lines[titleLine]!.text : '',
    headingPath: [],
    level: 0,
    headingStart: titleLine >= 0 ? lineStarts[titleLine]! : -1,
    headingEnd: titleLine >= 0 ? lineStarts[titleLine]! + doc.lines[titleLine]!.text.length : -1,
    pieces: [],
    hasChildren: false,
  };
  const nodes: Node[] = [preamble];
  const stack: Node[] = [];
  let current = preamble;

  doc.lines.forEach((line, i) => {
    if (i === titleLine) return;
    const start = lineStarts[i]!;
    const h = headings.get(i);
    if (!h) {
      if (line.text.trim().length > 0) current.pieces.push({ text: line.text, start });
      return;
    }
    const level = ranks.get(h.kind)!;
    while (stack.length > 0 && stack[stack.length - 1]!.level >= level) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) parent.hasChildren = true;
    const node: Node = {
      heading: h.heading,
      headingPath: [...(parent?.headingPath ?? []), h.heading],
      level,
      headingStart: start,
      headingEnd: start + line.text.length,
      pieces: h.body ? [{ text: h.body, start: start + h.bodyStart }] : [],
      hasChildren: false,
    };
    nodes.push(node);
    stack.push(node);
    current = node;
  });

  const records: Omit<Section, 'order'>[] = [];
  for (const node of nodes) {
    const isPreamble = node === preamble;
    if (isPreamble && node.headingStart < 0 && node.pieces.length === 0) continue;
    records.push(...toRecords(node));
  }
  return records.map((r, order) => ({ ...r, order }));
}

/** One record per node, or several when its text exceeds MAX_SECTION_CHARS (cut at line boundaries). */
function toRecords(node: Node): Omit<Section, 'order'>[] {
  const base = { heading: node.heading, headingPath: node.headingPath, level: node.level };
  if (node.pieces.length === 0) {
    return [{ ...base, text: '', start: node.headingStart, end: node.headingEnd }];
  }
  const parts = chunkPieces(node.pieces.flatMap(cutLongPiece));
  return parts.map((part, i) => {
    const last = part[part.length - 1]!;
    // (A title line is normally line 0; if lines precede it, the preamble starts at them.)
    const start = i === 0 && node.headingStart >= 0 ? Math.min(node.headingStart, part[0]!.start) : part[0]!.start;
    const text = part.map((p) => p.text).join('\n');
    // Parts of one long section each own a copy of the path.
    return { ...base, headingPath: [...node.headingPath], text, start, end: last.start + last.text.length };
  });
}

/** Greedy packing of whole pieces (lines) into parts of ≤ MAX_SECTION_CHARS joined text. */
function chunkPieces(pieces: Piece[]): Piece[][] {
  const parts: Piece[][] = [];
  let part: Piece[] = [];
  let size = 0;
  for (const piece of pieces) {
    const added = (part.length > 0 ? 1 : 0) + piece.text.length;
    if (part.length > 0 && size + added > MAX_SECTION_CHARS) {
      parts.push(part);
      part = [];
      size = 0;
    }
    size += (part.length > 0 ? 1 : 0) + piece.text.length;
    part.push(piece);
  }
  if (part.length > 0) parts.push(part);
  return parts;
}

/** A single line longer than the limit is cut after a 。 near the limit, else hard (never inside a surrogate pair). */
function cutLongPiece(piece: Piece): Piece[] {
  const out: Piece[] = [];
  let { text, start } = piece;
  while (text.length > MAX_SECTION_CHARS) {
    let cut = text.lastIndexOf('。', MAX_SECTION_CHARS - 1) + 1;
    if (cut < MAX_SECTION_CHARS / 2) {
      cut = MAX_SECTION_CHARS;
      const code = text.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut--;
    }
    out.push({ text: text.slice(0, cut), start });
    text = text.slice(cut);
    start += cut;
  }
  out.push({ text, start });
  return out;
}
