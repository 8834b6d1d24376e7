// Unit tests of the stages after cleaning start from real clean output, not a stand-in.
import { readFileSync } from 'node:fs';
import { clean } from '../../ingest/clean.js';
import type { CleanDoc } from '../../ingest/types.js';

/** Plain text (already decoded) through the clean stage. */
export function cleanDocOf(raw: string): CleanDoc {
  return clean({ format: 'txt', encoding: 'UTF-8', lines: raw.split(/\r\n|\r|\n/).map((text) => ({ text })) });
}

export function cleanFile(url: URL): CleanDoc {
  return cleanDocOf(readFileSync(url, 'utf8'));
}
