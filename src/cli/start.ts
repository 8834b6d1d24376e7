// npm start: engine (embedded unless MEILI_URL), incremental ingest of CORPUS_DIR, then the portal.
import { loadConfig } from '../core/config.js';
import { createClient } from '../core/meili/client.js';
import { openEngine, type EngineHandle } from './runtime.js';
import { runIngest } from '../../ingest/run.js';
import { BlobStore } from '../core/blob-store.js';
import { cliReporter } from '../../ingest/cli-reporter.js';
import { fail, serve, stopOnSignals } from './serve-app.js';

let engine: EngineHandle | undefined;
try {
  const config = loadConfig();
  engine = await openEngine(config, (l) => console.error(l));
  stopOnSignals(engine);
  if (config.INGEST_ON_START && !engine.adminKey) {
    console.error('未提供 MEILI_MASTER_KEY：跳过导入，只启动检索门户');
  } else if (config.INGEST_ON_START) {
    console.error(`导入语料：${config.CORPUS_DIR}`);
    await runIngest({
      client: createClient({ url: engine.url, apiKey: engine.adminKey }, 600_000),
      index: config.MEILI_INDEX,
      documentsIndex: config.documentsIndex,
      blobs: new BlobStore(config.DATA_DIR),
      onOutdated: 'rebuild',
      inputs: [config.CORPUS_DIR],
      reporter: cliReporter(),
    });
  }
  await serve(config, engine);
} catch (err) {
  await fail(err, engine);
}
