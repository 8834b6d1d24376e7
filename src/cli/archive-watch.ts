// Wiring of the watched archive: chokidar batches (ingest/watch.ts) → the writer lock → an
// incremental ingest of CORPUS_DIR that also removes the documents of the files removed in the batch.
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { createClient } from '../core/meili/client.js';
import { describeHolder, withWriterLock, type WriterLock } from '../core/ops/writer-lock.js';
import { logReporter } from '../../ingest/log-reporter.js';
import { runIngest } from '../../ingest/run.js';
import { coversRemoved, watchArchive, type ArchiveWatcher } from '../../ingest/watch.js';
import { adminClients, type EngineHandle } from './runtime.js';
import { BlobStore } from '../core/blob-store.js';

export function startArchiveWatch(
  config: Pick<Config, 'CORPUS_DIR' | 'MEILI_INDEX' | 'documentsIndex' | 'WATCH_DEBOUNCE_MS' | 'DATA_DIR'> & { WATCH_POLL?: boolean },
  engine: Pick<EngineHandle, 'url' | 'adminKey' | 'remotes'>,
  lock: WriterLock,
  logger: Logger,
): ArchiveWatcher {
  const client = createClient({ url: engine.url, apiKey: engine.adminKey }, 600_000);
  const engines = adminClients(engine);
  const log = logger.child({ component: 'watch' });
  const watcher = watchArchive({
    dir: config.CORPUS_DIR,
    debounceMs: config.WATCH_DEBOUNCE_MS,
    usePolling: config.WATCH_POLL,
    onBatch: async ({ changed, removed }) => {
      log.info({ changed: changed.size, removed: removed.size }, 'archive changed');
      await withWriterLock(
        lock,
        { purpose: 'watch', wait: true, onWait: (h) => log.info(`waiting for the writer lock: ${describeHolder(h)}`) },
        () =>
          runIngest({
            client,
            engines,
            index: config.MEILI_INDEX,
            documentsIndex: config.documentsIndex,
            inputs: [config.CORPUS_DIR],
            blobs: new BlobStore(config.DATA_DIR),
            // Only what this batch saw removed: documents from elsewhere (uploads) are never pruned here.
            prune: removed.size > 0,
            pruneScope: (sourceFile) => coversRemoved(removed, sourceFile),
            reporter: logReporter(logger, { trigger: 'watch' }),
          }),
      );
    },
    onError: (err) => log.error({ err }, 'archive batch failed; the next change retries'),
  });
  void watcher.ready.then(() => log.info({ dir: config.CORPUS_DIR }, 'watching the archive folder'));
  return watcher;
}
