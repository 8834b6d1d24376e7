// Entry point of the child process that reads untrusted files (started by ingest/readers/isolated.ts):
// whatever readers ingest/readers/index.ts registers, run where a crash, a runaway allocation or an
// endless loop ends this process only.
import { readDocument } from './index.js';
import { serveReads } from './isolation-child.js';

serveReads((file, progress, options) => readDocument(file, progress, options));
