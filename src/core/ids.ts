// Stable ids: the same file content always gets the same document and section ids.
import { createHash } from 'node:crypto';

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A document's id is a prefix of its content hash (hex sha256). The summaries of a compilation
 * file (one file, several summaries) each get one derived from the hash and their 1-based
 * position: stable across runs, distinct per part, and of the same form.
 */
export function docIdFromHash(sha256Hex: string, part: number | null = null): string {
  return part === null ? sha256Hex.slice(0, 16) : sha256(Buffer.from(`${sha256Hex}#${part}`)).slice(0, 16);
}

/** What a document id looks like; anything else is never passed to an engine filter. */
export const DOC_ID_PATTERN = /^[0-9a-f]{16}$/;

/** What a section id looks like (docId-NNNN). */
export const SECTION_ID_PATTERN = /^[0-9a-f]{16}-\d{4,}$/;

export function sectionId(docId: string, order: number): string {
  return `${docId}-${String(order).padStart(4, '0')}`;
}
