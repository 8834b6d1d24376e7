// npm run serve: the portal alone (over MEILI_URL, or the embedded engine with its existing data).
import { loadConfig } from '../core/config.js';
import { openEngine, type EngineHandle } from './runtime.js';
import { fail, serve, stopOnSignals } from './serve-app.js';

let engine: EngineHandle | undefined;
try {
  const config = loadConfig();
  engine = await openEngine(config, (l) => console.error(l));
  stopOnSignals(engine);
  await serve(config, engine);
} catch (err) {
  await fail(err, engine);
}
