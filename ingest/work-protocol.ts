// Messages between the ingester and the children that process a large run's files (work-pool.ts,
// work-child.ts). Bytes go one way, strings come back.
import type { EdgeLine } from './boilerplate.js';
import type { SpoolReadyFile } from './spool-ready.js';
import type { DecodedDoc } from './types.js';

export type WorkRequest =
  /** The lines learned as site chrome, before the first `process` (they shape cleaning). */
  | { id: number; type: 'boilerplate'; keys: string[] }
  /** A plain-text file's head and foot lines (the learning pass before cleaning). */
  | { id: number; type: 'edges'; relPath: string; bytes: Uint8Array }
  /**
   * A whole file: decoded here unless `decoded` comes with it (formats read in the isolated reader),
   * with the `encoding` the learning pass found for the same bytes if it read them.
   */
  | { id: number; type: 'process'; relPath: string; bytes: Uint8Array; decoded?: DecodedDoc; encoding?: string };

export type WorkReply =
  | { id: number; type: 'ready' }
  /** `encoding`: a plain-text file's, as decoded (what its `process` may bring back). */
  | { id: number; type: 'edges'; edgeLines: EdgeLine[]; encoding?: string }
  | { id: number; type: 'processed'; file: SpoolReadyFile }
  | { id: number; type: 'error'; badInput: boolean; message: string };
