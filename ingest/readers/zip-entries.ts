// The entries a zip-based reader needs (content.xml of an ODT, the XML pages of an OFD), inflated
// with fflate. Call it only after checkZipBudget (zip-limits.ts) has passed the file: the budget is
// what bounds the memory these take.
import { unzipSync } from 'fflate';
import { BadInputError } from '../../src/core/errors.js';

/** Entries whose names `want` accepts, by name (forward slashes, as stored). */
export function readZipEntries(bytes: Buffer, want: (name: string) => boolean, label: string): Map<string, Buffer> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => want(f.name) });
  } catch (err) {
    throw new BadInputError(`${label} 文件已损坏或不是 ${label}（${(err as Error).message}）`);
  }
  return new Map(Object.entries(files).map(([name, data]) => [name, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]));
}
