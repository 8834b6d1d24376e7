// Decode stage: bytes of one archive file → lines of text, by the reader the bytes call for
// (ingest/readers/). The extension only decides which files are listed; the content decides how
// they are read, because archive files are often renamed, re-saved in another format or broken.
// Every reader runs in the isolated child (ingest/readers/isolated.ts) — except plain text up to
// its format's size limit, decoded here: its decoder is linear in time and memory (a 4 MB file
// costs a few times 4 MB, test/unit/decode.test.ts times 10 MB), holds no parser of structure an
// attacker could inflate, and is most of the archive, where a round trip to the child would add
// ~1 ms a file to an ingestion of 20,000 (bench/RESULTS.md).
import { formatInfo } from '../src/core/formats.js';
import { PARSE_DEFAULTS } from '../src/core/config.js';
import { readDocument, transferableReaderOptions } from './readers/index.js';
import { IsolatedReader, type IsolationLimits } from './readers/isolated.js';
import type { ReadContext } from './readers/reader.js';
import { sniff } from './readers/sniff.js';
import type { DecodedDoc } from './types.js';

let isolated: IsolatedReader | null = null;
let limits: IsolationLimits = { ...PARSE_DEFAULTS };

/** The limits of the child that reads files (PARSE_* of the config; the CLIs set them at start). */
export function setParseLimits(next: IsolationLimits): void {
  limits = { ...next };
  isolated?.close();
  isolated = null;
}

/** The child that reads files, started on first use. */
export function isolatedReader(): IsolatedReader {
  return (isolated ??= new IsolatedReader(limits));
}

/** Stops the reading child (a CLI at its end; it would also exit by itself after a quiet minute). */
export function stopIsolatedReader(): void {
  isolated?.close();
}

/** Whether these bytes are decoded in this process (plain text within its size limit) rather than in the child. */
export async function decodesInProcess(bytes: Buffer): Promise<boolean> {
  return bytes.length <= formatInfo('txt').maxBytes && (await sniff(bytes)).kind === 'txt';
}

/** `progress` hears pages done of pages total from long readers (PDF, OCR). */
export async function decode(file: { relPath: string; bytes: Buffer; progress?: ReadContext['progress'] }): Promise<DecodedDoc> {
  const { relPath, bytes, progress } = file;
  if (await decodesInProcess(bytes)) return readDocument({ relPath, bytes }, progress);
  // The child has none of this process's reader settings: they travel with the file (as data, so
  // the OCR cache goes as its folder and the child opens it there).
  return isolatedReader().read({ relPath, bytes }, progress, transferableReaderOptions());
}
