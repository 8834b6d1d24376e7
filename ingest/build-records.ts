// From a processed file to the two kinds of engine records and the two blobs beside them (the
// original bytes and the cleaned text, stored under DATA_DIR by content hash). Pure: same bytes →
// same ids and names.
import path from 'node:path';
import { arrayField } from '../src/core/array-field.js';
import { exactFields } from '../src/core/exact-grams.js';
import { docIdFromHash, sectionId, sha256 } from '../src/core/ids.js';
import { formatInfo } from '../src/core/formats.js';
import { SCHEMA_VERSION, type DocumentRecord, type SectionRecord, type SharedMeta } from '../src/core/index-schema.js';
import type { DecodedDoc, DocMeta, SegmentedSection } from './types.js';

/** The original's content type: the format's own, with the detected charset for text. */
export function mimeTypeFor(decoded: Pick<DecodedDoc, 'format' | 'encoding'>): string {
  if (decoded.format !== 'txt' && decoded.format !== 'html') return formatInfo(decoded.format).mimeType;
  const charset = decoded.encoding.replace(/\s*BOM$/i, '').toLowerCase();
  return `${formatInfo(decoded.format).mimeType}; charset=${charset}`;
}

export interface BuildInput {
  relPath: string;
  bytes: Buffer;
  decoded: Pick<DecodedDoc, 'format' | 'encoding' | 'pageCount' | 'ocr'>;
  cleanedText: string;
  meta: DocMeta;
  sections: SegmentedSection[];
  /** Start page of each section (same order), null for a source without pages; absent: none. */
  pages?: (number | null)[];
  ingestedAt: string;
  truncation: { truncated: boolean; missingChars: number | null };
  /** The source masked words of stock phrases (原文有屏蔽字). */
  masked?: boolean;
  /** Set for the summaries of a compilation file. */
  part?: { index: number; count: number; compilationTitle: string | null; sourceLine: number | null };
}

export interface BuiltRecords {
  document: DocumentRecord;
  sections: SectionRecord[];
  /** What the document record names by hash: written to the blob store before the record is sent. */
  blobs: { original: Buffer; cleanedText: string };
}

export function buildRecords(input: BuildInput): BuiltRecords {
  const hash = sha256(input.bytes);
  const { meta, part } = input;
  const docId = docIdFromHash(hash, part?.index ?? null);
  const shared: SharedMeta = {
    docId,
    sourceFile: input.relPath,
    title: meta.title,
    titleDerived: meta.titleDerived,
    year: meta.year,
    period: meta.period,
    orgName: meta.orgName,
    orgType: meta.orgType,
    truncated: input.truncation.truncated,
    missingChars: input.truncation.missingChars,
    ocr: input.decoded.ocr === true,
    masked: input.masked ?? false,
  };
  const sections: SectionRecord[] = input.sections.map((s, i) => ({
    id: sectionId(docId, s.order),
    ...shared,
    heading: s.heading,
    headingPath: s.headingPath,
    level: s.level,
    order: s.order,
    text: s.text,
    subwords: arrayField(s.subwords),
    themes: s.themes,
    keywords: s.keywords,
    start: s.start,
    end: s.end,
    page: input.pages?.[i] ?? null,
    phrases: s.phrases,
    ...exactFields(s.heading, s.text),
  }));
  const document: DocumentRecord = {
    ...shared,
    schemaVersion: SCHEMA_VERSION,
    fileName: path.posix.basename(input.relPath),
    sha256: hash,
    cleanedSha256: sha256(Buffer.from(input.cleanedText, 'utf8')),
    size: input.bytes.length,
    format: input.decoded.format,
    encoding: input.decoded.encoding,
    mimeType: mimeTypeFor(input.decoded),
    sectionCount: sections.length,
    ingestedAt: input.ingestedAt,
    part: part?.index ?? null,
    partCount: part?.count ?? 1,
    compilationTitle: part?.compilationTitle ?? null,
    partDocIds: part ? Array.from({ length: part.count }, (_, i) => docIdFromHash(hash, i + 1)) : [docId],
    partSourceLine: part?.sourceLine ?? null,
    pageCount: input.decoded.pageCount ?? null,
  };
  return { document, sections, blobs: { original: input.bytes, cleanedText: input.cleanedText } };
}
