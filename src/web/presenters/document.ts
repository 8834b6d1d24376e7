// The document presenter: the viewer's view-model (the whole cleaned text in reading order,
// sections placed by their offsets, every occurrence of the query marked) and the API's answer.
import { FORMATS } from '../../core/formats.js';
import { highlightHtml } from './highlight.js';
import type { DocumentDetail, DocumentSummary } from '../services/documents-service.js';
import type { SectionHit } from '../services/search-service.js';
import { originalUrl, viewerUrl } from './format.js';

/**
 * A line between two sections: usually a heading that only opens a part (一、… with
 * sub-sections and no text of its own), rarely a stray line of text.
 */
export interface PartView {
  kind: 'heading' | 'text';
  /** Anchor id of a part heading ('' for text). */
  anchor: string;
  depth: number;
  html: string;
}

export interface DocumentSectionView extends SectionHit {
  /** Parts that open just before this section, outermost first. */
  parts: PartView[];
  /** Nesting depth (0 = top level), from the heading path. */
  depth: number;
  /** The heading as written (with its trailing punctuation), marked; '' when not shown. */
  headingHtml: string;
  textHtml: string;
  paragraphsHtml: string[];
  matchCount: number;
  /** The original at the page this section starts on (paged sources), else null. */
  pageUrl: string | null;
}

export interface TocEntry {
  href: string;
  text: string;
  depth: number;
  matchCount: number;
}

export interface DocumentView extends DocumentSummary {
  sections: DocumentSectionView[];
  /** Lines after the last section (normally none), so nothing of the document is lost. */
  trailingHtml: string[];
  toc: TocEntry[];
  matchTotal: number;
  originalUrl: string;
  /** The original opens in the browser (a PDF, at a section's page) instead of downloading. */
  inline: boolean;
}

export function presentDocumentSummary(d: DocumentSummary) {
  return {
    docId: d.docId,
    title: d.title,
    year: d.year,
    period: d.period,
    orgType: d.orgType,
    sourceFile: d.sourceFile,
    sectionCount: d.sectionCount,
    truncated: d.truncated === true,
    missingChars: d.missingChars ?? null,
    format: d.format,
    ocr: d.ocr === true,
    pageCount: d.pageCount ?? null,
    masked: d.masked === true,
    part: d.part ?? null,
    partCount: d.partCount ?? 1,
  };
}

const countMarks = (html: string) => html.match(/<mark>/g)?.length ?? 0;
const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');
/** Heading text compared loosely: the heading path drops trailing punctuation the line keeps. */
const headingKey = (s: string) => s.replace(/[\s。．.，,：:；;、]+$/u, '').trim();

/**
 * The viewer: the whole cleaned document in reading order. Sections come from the index; the
 * lines between them (part headings such as 一、… that only hold sub-sections) are taken from
 * the cleaned text and placed at their depth in the heading path. Every occurrence of the
 * highlight terms is marked, line by line so a paragraph is always well-formed HTML.
 */
export function presentDocument(d: DocumentDetail, terms: string[]): DocumentView {
  const mark = (line: string) => highlightHtml(line, terms);
  const text = d.cleanedText ?? '';
  let matchTotal = 0;
  let pos = 0;
  const toc: TocEntry[] = [];
  const sections: DocumentSectionView[] = d.sections.map((s) => {
    const parts: PartView[] = [];
    const gap = s.start >= pos && s.start <= text.length ? text.slice(pos, s.start) : '';
    for (const line of lines(gap)) {
      // A title line before the first section is the page's <h1> already.
      if (pos === 0 && headingKey(line) === headingKey(d.title)) continue;
      const depth = s.headingPath.findIndex((h) => headingKey(h) === headingKey(line));
      const html = mark(line.trim());
      matchTotal += countMarks(html);
      if (depth >= 0 && depth < s.headingPath.length - 1) {
        const anchor = `part-${s.id}-${depth}`;
        parts.push({ kind: 'heading', anchor, depth, html });
        toc.push({ href: `#${anchor}`, text: s.headingPath[depth]!, depth, matchCount: countMarks(html) });
      } else {
        parts.push({ kind: 'text', anchor: '', depth, html });
      }
    }
    if (s.end > pos) pos = s.end;

    const depth = Math.max(s.headingPath.length - 1, 0);
    // The heading as the document writes it: the section's own range minus its body text.
    const own = s.end <= text.length && s.start < s.end ? text.slice(s.start, s.end) : '';
    const written = own.endsWith(s.text) ? own.slice(0, own.length - s.text.length).trim() : '';
    const headingLine = s.heading && headingKey(written).startsWith(headingKey(s.heading)) ? written : s.heading;
    // The title line opens the preamble; the page shows it as its <h1> already.
    const showHeading = s.heading !== '' && !(s.level === 0 && headingKey(s.heading) === headingKey(d.title));
    const headingHtml = showHeading ? mark(headingLine) : '';
    const paragraphsHtml = lines(s.text).map(mark);
    const textHtml = paragraphsHtml.join('\n');
    const matchCount = countMarks(headingHtml) + countMarks(textHtml);
    matchTotal += matchCount;
    toc.push({ href: `#section-${s.id}`, text: showHeading ? s.heading : '开头', depth: showHeading ? depth : 0, matchCount });
    const pageUrl = s.page ? originalUrl(d.docId, s.page) : null;
    return { ...s, parts, depth, headingHtml, textHtml, paragraphsHtml, matchCount, pageUrl };
  });
  const trailingHtml = lines(text.slice(pos)).map(mark);
  matchTotal += trailingHtml.reduce((n, h) => n + countMarks(h), 0);
  const { sections: _omit, cleanedText: _text, ...summary } = d;
  const inline = FORMATS.find((f) => f.id === d.format)?.inline ?? false;
  return { ...summary, sections, trailingHtml, toc, matchTotal, originalUrl: originalUrl(d.docId), inline };
}

/** The API's answer for one document: its metadata and its sections in reading order, each with its viewer link. */
export function presentDocumentDetail(d: DocumentDetail) {
  const { cleanedText: _text, sections, ...meta } = d;
  return {
    ...meta,
    masked: meta.masked === true,
    sections: sections.map((s) => ({
      id: s.id,
      heading: s.heading,
      headingPath: s.headingPath,
      level: s.level,
      order: s.order,
      text: s.text,
      themes: s.themes,
      keywords: s.keywords,
      start: s.start,
      end: s.end,
      page: s.page ?? null,
      ocr: s.ocr === true,
      url: viewerUrl(s.docId, s.id, '', 'words'),
      originalUrl: originalUrl(s.docId, s.page ?? null),
    })),
  };
}
