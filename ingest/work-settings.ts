// How many children process a large ingestion's files (work-pool.ts), apart from the pool itself:
// the CLIs set it from the config (INGEST_WORKERS) without loading the pipeline, which a portal that
// only searches never loads.
import { DEFAULT_INGEST_WORKERS } from '../src/core/config.js';

export interface WorkSettings {
  /** Child processes that process files (INGEST_WORKERS); 0: the ingester does all the work itself. */
  processes: number;
  /** Files to process below which a run does its work in-process (starting the children costs more). */
  minFiles: number;
}

let settings: WorkSettings = { processes: DEFAULT_INGEST_WORKERS, minFiles: 200 };

/** The CLIs set this from the config (INGEST_WORKERS); tests lower minFiles to run the children on a few files. */
export function setWorkers(next: Partial<WorkSettings>): void {
  settings = { ...settings, ...next };
}

export const workSettings = (): WorkSettings => ({ ...settings });
