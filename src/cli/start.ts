// npm start: engine (embedded and supervised unless MEILI_URL), incremental ingest of CORPUS_DIR
// under the writer lock, the portal, then the watched archive (WATCH=false turns it off).
import { configureReaders } from '../../ingest/readers/index.js';
import { readerSettings } from '../../ingest/reader-settings.js';
import { loadConfig } from '../core/config.js';
import { keepDataPrivate } from '../core/ops/private-files.js';
import { createLogger } from '../core/logger.js';
import { createClient } from '../core/meili/client.js';
import { describeHolder } from '../core/ops/writer-lock.js';
import { logReporter } from '../../ingest/log-reporter.js';
import { runIngest } from '../../ingest/run.js';
import type { ArchiveWatcher } from '../../ingest/watch.js';
import { startArchiveWatch } from './archive-watch.js';
import { adminClients, configureParsing, configuredWriterLock, openEngine, writerLock, type EngineHandle } from './runtime.js';
import { fail, logEngineEvent, serve, stopOnSignals } from './serve-app.js';
import { BlobStore } from '../core/blob-store.js';

let engine: EngineHandle | undefined;
let watcher: ArchiveWatcher | undefined;
try {
  const config = loadConfig();
  configureParsing(config);
  // Uploads, the watcher and start-up ingestion read PDFs and scans with the configured limits and OCR.
  configureReaders(readerSettings(config));
  // Before the engine starts: it inherits the file-creation mask (its files are 0600 too).
  keepDataPrivate(config.DATA_DIR);
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const lock = configuredWriterLock(config);
  // The lock before the engine: an `npm run ingest` running now has its own engine, which stops when
  // it ends; waiting for it means this portal starts (and supervises) its own.
  const release = await lock.acquire({ purpose: 'npm start', wait: true, onWait: (h) => logger.info(`另一个导入正在写入：${describeHolder(h)}；等待它结束…`) });
  try {
    engine = await openEngine(config, { log: (l) => logger.info(l), onEngineEvent: (e) => logEngineEvent(logger, e) });
    stopOnSignals(engine, logger, async () => watcher?.close());
    if (config.INGEST_ON_START && !engine.adminKey) {
      logger.warn('未提供 MEILI_MASTER_KEY：跳过导入，只启动检索门户');
    } else if (config.INGEST_ON_START) {
      logger.info({ dir: config.CORPUS_DIR }, '导入语料');
      await runIngest({
        client: createClient({ url: engine.url, apiKey: engine.adminKey }, 600_000),
      engines: adminClients(engine),
        index: config.MEILI_INDEX,
        documentsIndex: config.documentsIndex,
        // Documents uploaded in the browser are part of every run: kept by --rebuild, never pruned.
        uploadsDir: config.uploadsDir,
        blobs: new BlobStore(config.DATA_DIR),
        onOutdated: 'rebuild',
        inputs: [config.CORPUS_DIR],
        reporter: logReporter(logger, { trigger: 'start' }),
      });
    }
  } finally {
    await release();
  }
  await serve(config, engine, logger);
  if (config.WATCH && engine.adminKey) watcher = startArchiveWatch(config, engine, writerLock(config, engine), logger);
} catch (err) {
  await fail(err, engine);
}
