// The pure middle of the pipeline for one file: decode → clean → (compilation parts) → metadata →
// split → segment/classify → records. A compilation file gives one document per summary it holds.
import { buildRecords, type BuiltRecords } from './build-records.js';
import { clean } from './clean.js';
import { splitCompilation } from './compilation.js';
import { decode } from './decode.js';
import { extractMetadata } from './metadata.js';
import { segmentSection } from './segment.js';
import { splitSections } from './split.js';
import { toSimplified } from '../src/core/text/simplify.js';
import type { DocumentRecord, SectionRecord } from '../src/core/index-schema.js';
import type { CleanDoc, DecodedDoc, DocMeta, RemovedBlock } from './types.js';
import { BadInputError } from '../src/core/errors.js';
import type { ReadContext } from './readers/reader.js';

export interface ProcessedDocument {
  document: DocumentRecord;
  sections: SectionRecord[];
  blobs: BuiltRecords['blobs'];
  meta: DocMeta;
}

export interface ProcessedFile {
  /** One per summary: a single one, or each part of a compilation in order. */
  documents: ProcessedDocument[];
  /** Everything cleaning took out of the file (debris, compilation headers), with rule names. */
  removed: RemovedBlock[];
}

/** About 1.3 million characters: far beyond any summary (see the size limits in src/core/formats.ts). */
export const MAX_TEXT_CHARS = 1_300_000;

export function cleanedTextOf(doc: CleanDoc): string {
  return doc.lines.map((l) => l.text).join('\n');
}

/** Decode and clean only: what --explain shows, and the first half of processFile. */
export async function decodeAndClean(
  file: { relPath: string; bytes: Buffer },
  progress?: ReadContext['progress'],
): Promise<{ decoded: DecodedDoc; cleaned: CleanDoc }> {
  const decoded = await decode(file, progress);
  return { decoded, cleaned: clean(decoded) };
}

/** Truncation facts of a cleaned document: any notice makes it truncated; stated counts add up. */
export function truncationOf(doc: CleanDoc): { truncated: boolean; missingChars: number | null } {
  const stated = doc.truncations.filter((t) => t.chars !== null);
  return {
    truncated: doc.truncations.length > 0,
    missingChars: stated.length > 0 ? stated.reduce((n, t) => n + t.chars!, 0) : null,
  };
}

export async function processFile(
  file: { relPath: string; bytes: Buffer },
  ingestedAt = new Date().toISOString(),
  progress?: ReadContext['progress'],
): Promise<ProcessedFile> {
  const { decoded, cleaned } = await decodeAndClean(file, progress);
  if (cleaned.lines.length === 0) throw new BadInputError('清理后没有正文');
  const chars = cleaned.lines.reduce((n, l) => n + l.text.length + 1, 0);
  if (chars > MAX_TEXT_CHARS) throw new BadInputError(`正文过长（${chars} 字符，上限 ${MAX_TEXT_CHARS}），不像一份工作总结`);
  const fileName = file.relPath.split('/').pop() ?? file.relPath;
  const compilation = splitCompilation(cleaned);
  const docs = compilation ? compilation.parts.map((p) => p.doc) : [cleaned];

  const documents = docs.map((doc, i): ProcessedDocument => {
    // Year, period and organization type come from the simplified text (the rules are written in
    // simplified characters); title and organization name keep the document's own script.
    const simplified: CleanDoc = { ...doc, lines: doc.lines.map((l) => ({ ...l, text: toSimplified(l.text) })) };
    const own = extractMetadata(doc, fileName);
    const { year, period, orgType } = extractMetadata(simplified, fileName);
    const meta: DocMeta = { ...own, year, period, orgType };
    const sections = splitSections(doc, meta).map(segmentSection);
    const part = compilation?.parts[i];
    const { document, sections: records, blobs } = buildRecords({
      relPath: file.relPath,
      bytes: file.bytes,
      decoded,
      cleanedText: cleanedTextOf(doc),
      meta,
      sections,
      ingestedAt,
      truncation: truncationOf(doc),
      ...(part ? { part: { index: part.index, count: compilation!.parts.length, compilationTitle: compilation!.title, sourceLine: part.sourceLine } } : {}),
    });
    return { document, sections: records, blobs, meta };
  });
  // What the reader itself dropped (a PDF's running headers and page numbers) comes first.
  return { documents, removed: [...(decoded.removed ?? []), ...cleaned.removed, ...(compilation?.removed ?? [])] };
}
