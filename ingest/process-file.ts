// The pure middle of the pipeline for one file: decode → clean → metadata → split → segment/classify → records.
import { buildRecords, type BuiltRecords } from './build-records.js';
import { clean } from './clean.js';
import { decode } from './decode.js';
import { extractMetadata } from './metadata.js';
import { segmentSection } from './segment.js';
import { splitSections } from './split.js';
import { toSimplified } from '../src/core/text/simplify.js';
import type { DocumentRecord, SectionRecord } from '../src/core/index-schema.js';
import type { CleanDoc, DocMeta, RemovedBlock } from './types.js';
import { BadInputError } from '../src/core/errors.js';

export interface ProcessedFile {
  document: DocumentRecord;
  sections: SectionRecord[];
  blobs: BuiltRecords['blobs'];
  meta: DocMeta;
  removed: RemovedBlock[];
}

/** About 1.3 million characters: far beyond any summary (see MAX_FILE_BYTES in read.ts). */
export const MAX_TEXT_CHARS = 1_300_000;

export function cleanedTextOf(doc: CleanDoc): string {
  return doc.lines.map((l) => l.text).join('\n');
}

export async function processFile(file: { relPath: string; bytes: Buffer }, ingestedAt = new Date().toISOString()): Promise<ProcessedFile> {
  const decoded = await decode(file);
  const cleaned = clean(decoded);
  if (cleaned.lines.length === 0) throw new BadInputError('清理后没有正文');
  const chars = cleaned.lines.reduce((n, l) => n + l.text.length + 1, 0);
  if (chars > MAX_TEXT_CHARS) throw new BadInputError(`正文过长（${chars} 字符，上限 ${MAX_TEXT_CHARS}），不像一份工作总结`);
  const fileName = file.relPath.split('/').pop() ?? file.relPath;
  // Year, period and organization type come from the simplified text (the rules are written in
  // simplified characters); title and organization name keep the document's own script.
  const simplified: CleanDoc = { ...cleaned, lines: cleaned.lines.map((l) => ({ ...l, text: toSimplified(l.text) })) };
  const own = extractMetadata(cleaned, fileName);
  const { year, period, orgType } = extractMetadata(simplified, fileName);
  const meta: DocMeta = { ...own, year, period, orgType };
  const sections = splitSections(cleaned, meta).map(segmentSection);
  const { document, sections: records, blobs } = buildRecords({
    relPath: file.relPath,
    bytes: file.bytes,
    decoded,
    cleanedText: cleanedTextOf(cleaned),
    meta,
    sections,
    ingestedAt,
  });
  return { document, sections: records, blobs, meta, removed: cleaned.removed };
}
