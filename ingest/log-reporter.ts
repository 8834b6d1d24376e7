// Progress for machines: one JSON log line per file (and per run) through the structured logger,
// for the server (`npm start`, the watcher) whose output is read by log tools rather than people.
import type { Logger } from '../src/core/logger.js';
import type { IngestReporter } from './run.js';

export function logReporter(logger: Logger, context: Record<string, unknown> = {}): IngestReporter {
  const log = logger.child({ component: 'ingest', ...context });
  return {
    start(total) {
      log.info({ files: total }, 'ingest started');
    },
    file(relPath, status, detail) {
      // `queued` is followed by indexed/replaced once the engine confirms: one line per file at info.
      if (status === 'queued') log.debug({ file: relPath, status }, 'ingest file');
      else if (status === 'skipped') log.warn({ file: relPath, status, reason: detail }, 'ingest file');
      else log.info({ file: relPath, status, ...(detail ? { detail } : {}) }, 'ingest file');
    },
    log(line) {
      log.info(line);
    },
    finish(r) {
      log.info(
        { filesRead: r.filesRead, indexed: r.indexed, replaced: r.replaced, unchanged: r.unchanged, duplicates: r.duplicates.length, removed: r.removed, skipped: r.skipped.length, documents: r.documentsInIndex, ms: r.ms },
        'ingest finished',
      );
    },
  };
}
