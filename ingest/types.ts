// Shared types of the ingestion pipeline: read → decode → clean → metadata → split → segment/classify → index.

import type { DebrisKind } from './debris-rules.js';
import type { FormatId } from '../src/core/formats.js';
import type { OrgType, Period, Theme } from '../src/core/vocabulary.js';

/** A file as read from disk (the read stage). */
export interface SourceFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the ingest root, with forward slashes. */
  relPath: string;
  bytes: Buffer;
}

/**
 * One line (a paragraph) of a decoded document. `styleLevel` is set for paragraphs with a heading
 * style (1 = Heading 1); `page` (1-based) for lines of a paged source (PDF, OFD, scans).
 */
export interface DocLine {
  text: string;
  styleLevel?: number;
  page?: number;
}

/** What a reader hands the pipeline: text in reading order, one paragraph a line. */
export interface DecodedDoc {
  /** The format the bytes were read as (sniffed, not the file name's). */
  format: FormatId;
  /** Encoding that was detected, e.g. 'UTF-8', 'UTF-8 BOM', 'UTF-16LE', 'GB18030', 'docx'. */
  encoding: string;
  lines: DocLine[];
  /** Number of pages of a paged source. */
  pageCount?: number;
  /** True when (some of) the text was recognised from page images (OCR) and may hold errors. */
  ocr?: boolean;
  /** What the reader itself dropped (a PDF's running headers and page numbers), for the report and --explain. */
  removed?: RemovedBlock[];
}

/** A block removed by cleaning, kept for the report (never silently lost). */
export interface RemovedBlock {
  kind: DebrisKind;
  /** Name of the rule that removed it (a rule of ingest/rules/debris.yaml or a built-in one). */
  rule: string;
  text: string;
  /** 1-based line of the decoded file where it stood. */
  line?: number;
  /** 1-based page where it stood (removals a paged reader made before there were lines). */
  page?: number;
}

/** A truncation notice of the source (省略1203字): the cleaned line it stood in, the count it states. */
export interface Truncation {
  line: number;
  chars: number | null;
}

export interface CleanDoc {
  lines: DocLine[];
  removed: RemovedBlock[];
  /** Notices saying the source left text out; empty for a complete document. */
  truncations: Truncation[];
  /** 1-based line of the decoded file each line came from (absent for hand-made documents). */
  sourceLines?: number[];
}

export interface DocMeta {
  title: string;
  /** True when the file has no title line and the title was derived from the first sentence or the file name. */
  titleDerived: boolean;
  /** Index into CleanDoc.lines of the title line, or -1 when the title was derived. */
  titleLine: number;
  year: number | null;
  period: Period;
  orgName: string | null;
  orgType: OrgType;
}

/** A section-level record before segmentation. Offsets are UTF-16 indices into the cleaned text (lines joined by '\n'). */
export interface Section {
  /** Heading line text without the body that followed it on the same line; '' for a preamble without title. */
  heading: string;
  /** Headings from the top level down to this section (excluding the document title). */
  headingPath: string[];
  /** 0 for the preamble, 1 for 一、/第一部分, 2 for （一）, 3 for 1., 4 for （1）… */
  level: number;
  /** Reading order, 0-based, dense. */
  order: number;
  /** Body text of the section (without the heading), lines joined by '\n'. */
  text: string;
  /** Offset of the section's first character (its heading, or its text when there is no heading line). */
  start: number;
  /** Offset one past the section's last character. */
  end: number;
}

export interface SegmentedSection extends Section {
  /** jieba words of heading + text, joined by spaces. */
  segmented: string;
  /**
   * Sub-words of the segmented words that a query can consist of, one space-separated group per
   * word (see subwordGroups): lets 支部 find 党支部.
   */
  subwords: string[];
  keywords: string[];
  /** One or more themes, primary first. */
  themes: Theme[];
  /** Runs of adjacent words, encoded for the phrase table (text/phrase-keys.ts encodeRuns). */
  phrases: string;
}
