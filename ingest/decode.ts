// Decode stage: bytes of one archive file → lines of text, by the reader the bytes call for
// (ingest/readers/). The extension only decides which files are listed; the content decides how
// they are read, because archive files are often renamed, re-saved in another format or broken.
import { readDocument } from './readers/index.js';
import type { ReadContext } from './readers/reader.js';
import type { DecodedDoc } from './types.js';

/** `progress` hears pages done of pages total from long readers (PDF, OCR). */
export async function decode(file: { relPath: string; bytes: Buffer }, progress?: ReadContext['progress']): Promise<DecodedDoc> {
  return readDocument(file, progress);
}
