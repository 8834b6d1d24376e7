// From a processed file to the two kinds of engine records. Pure: same bytes → same ids.
import path from 'node:path';
import { exactFields } from '../src/core/exact-grams.js';
import { docIdFromHash, sectionId, sha256 } from '../src/core/ids.js';
import type { DocumentRecord, SectionRecord, SharedMeta } from '../src/core/index-schema.js';
import type { DecodedDoc, DocMeta, SegmentedSection } from './types.js';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function mimeTypeFor(decoded: Pick<DecodedDoc, 'format' | 'encoding'>): string {
  if (decoded.format === 'docx') return DOCX_MIME;
  const charset = decoded.encoding.replace(/\s*BOM$/i, '').toLowerCase();
  return `text/plain; charset=${charset}`;
}

export interface BuildInput {
  relPath: string;
  bytes: Buffer;
  decoded: Pick<DecodedDoc, 'format' | 'encoding'>;
  cleanedText: string;
  meta: DocMeta;
  sections: SegmentedSection[];
  ingestedAt: string;
  truncation: { truncated: boolean; missingChars: number | null };
  /** Set for the summaries of a compilation file. */
  part?: { index: number; count: number; compilationTitle: string | null; sourceLine: number | null };
}

export function buildRecords(input: BuildInput): { document: DocumentRecord; sections: SectionRecord[] } {
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
  };
  const sections: SectionRecord[] = input.sections.map((s) => ({
    id: sectionId(docId, s.order),
    ...shared,
    heading: s.heading,
    headingPath: s.headingPath,
    level: s.level,
    order: s.order,
    text: s.text,
    segmented: s.segmented,
    subwords: s.subwords,
    themes: s.themes,
    keywords: s.keywords,
    start: s.start,
    end: s.end,
    ...exactFields(s.heading, s.text),
  }));
  const document: DocumentRecord = {
    ...shared,
    fileName: path.posix.basename(input.relPath),
    sha256: hash,
    size: input.bytes.length,
    format: input.decoded.format,
    encoding: input.decoded.encoding,
    mimeType: mimeTypeFor(input.decoded),
    sectionCount: sections.length,
    cleanedText: input.cleanedText,
    originalBase64: input.bytes.toString('base64'),
    ingestedAt: input.ingestedAt,
    part: part?.index ?? null,
    partCount: part?.count ?? 1,
    compilationTitle: part?.compilationTitle ?? null,
    partDocIds: part ? Array.from({ length: part.count }, (_, i) => docIdFromHash(hash, i + 1)) : [docId],
    partSourceLine: part?.sourceLine ?? null,
  };
  return { document, sections };
}
