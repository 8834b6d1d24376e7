// Stable ids: the same file content always gets the same document and section ids.
import { createHash } from 'node:crypto';

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A document's id is a prefix of its content hash (hex sha256). */
export function docIdFromHash(sha256Hex: string): string {
  return sha256Hex.slice(0, 16);
}

/** What a document id looks like; anything else is never passed to an engine filter. */
export const DOC_ID_PATTERN = /^[0-9a-f]{16}$/;

/** What a section id looks like (docId-NNNN). */
export const SECTION_ID_PATTERN = /^[0-9a-f]{16}-\d{4,}$/;

export function sectionId(docId: string, order: number): string {
  return `${docId}-${String(order).padStart(4, '0')}`;
}
