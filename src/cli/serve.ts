// npm run serve: the portal alone (over MEILI_URL, or the embedded engine with its existing data).
import { configureReaders } from '../../ingest/readers/index.js';
import { readerSettings } from '../../ingest/reader-settings.js';
import { loadConfig } from '../core/config.js';
import { keepDataPrivate } from '../core/ops/private-files.js';
import { createLogger } from '../core/logger.js';
import { describeHolder } from '../core/ops/writer-lock.js';
import { configureParsing, configuredWriterLock, openEngine, type EngineHandle } from './runtime.js';
import { fail, logEngineEvent, serve, stopOnSignals } from './serve-app.js';

let engine: EngineHandle | undefined;
try {
  const config = loadConfig();
  configureParsing(config);
  // Uploads, the watcher and start-up ingestion read PDFs and scans with the configured limits and OCR.
  configureReaders(readerSettings(config));
  // Before the engine starts: it inherits the file-creation mask (its files are 0600 too).
  keepDataPrivate(config.DATA_DIR);
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  // As npm start: never attach to the private engine of an ingestion that is about to end.
  const release = await configuredWriterLock(config).acquire({ purpose: 'npm run serve', wait: true, onWait: (h) => logger.info(`另一个导入正在写入：${describeHolder(h)}；等待它结束…`) });
  try {
    engine = await openEngine(config, { log: (l) => logger.info(l), onEngineEvent: (e) => logEngineEvent(logger, e) });
  } finally {
    await release();
  }
  stopOnSignals(engine, logger);
  await serve(config, engine, logger);
} catch (err) {
  await fail(err, engine);
}
