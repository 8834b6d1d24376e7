// Decode stage: bytes of one archive file → lines of text, by the reader the bytes call for
// (ingest/readers/). The extension only decides which files are listed; the content decides how
// they are read, because archive files are often renamed, re-saved in another format or broken.
import { readDocument } from './readers/index.js';
import type { DecodedDoc } from './types.js';

export async function decode(file: { relPath: string; bytes: Buffer }): Promise<DecodedDoc> {
  return readDocument(file);
}
