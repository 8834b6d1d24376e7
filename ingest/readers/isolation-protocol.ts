// The messages between the process that wants a file read and the child process that reads it
// (ingest/readers/isolated.ts ⇄ ingest/readers/isolation-child.ts), over Node's IPC channel with
// the structured-clone serialization (bytes travel as bytes, not as JSON arrays).
import type { DecodedDoc } from '../types.js';
import type { ReadOptions } from './reader.js';

export interface ReadRequest {
  id: number;
  relPath: string;
  bytes: Uint8Array;
  /** The parent's reader settings, as plain data (limits, OCR switch and engine, the cache's folder). */
  options?: Partial<ReadOptions>;
}

export type ReadReply =
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'done'; doc: DecodedDoc }
  /** badInput: a BadInputError (its reason is the file's); otherwise a reader's bug, message only. */
  | { id: number; type: 'error'; badInput: boolean; message: string };
