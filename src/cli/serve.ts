// npm run serve: the portal alone (over MEILI_URL, or the embedded engine with its existing data).
import { loadConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { openEngine, type EngineHandle } from './runtime.js';
import { fail, logEngineEvent, serve, stopOnSignals } from './serve-app.js';

let engine: EngineHandle | undefined;
try {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL });
  engine = await openEngine(config, { log: (l) => logger.info(l), onEngineEvent: (e) => logEngineEvent(logger, e) });
  stopOnSignals(engine, logger);
  await serve(config, engine, logger);
} catch (err) {
  await fail(err, engine);
}
