// The messages between the process that wants a file read and the child process that reads it
// (ingest/readers/isolated.ts ⇄ ingest/readers/isolation-child.ts), over Node's IPC channel with
// the structured-clone serialization (bytes travel as bytes, not as JSON arrays).
import type { DecodedDoc } from '../types.js';

export interface ReadRequest {
  id: number;
  relPath: string;
  bytes: Uint8Array;
}

export type ReadReply =
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'done'; doc: DecodedDoc }
  /** badInput: a BadInputError (its reason is the file's); otherwise a reader's bug, message only. */
  | { id: number; type: 'error'; badInput: boolean; message: string };
