// npm start: engine (embedded unless MEILI_URL), incremental ingest of CORPUS_DIR, then the portal.
import { loadConfig } from '../config.js';
import { openEngine } from '../runtime.js';
import { createClient } from '../search/engine.js';
import { runIngest } from '../../ingest/run.js';
import { cliReporter } from '../../ingest/cli-reporter.js';
import { listen, onShutdown } from './serve-app.js';

let config;
try {
  config = loadConfig();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
const engine = await openEngine(config, (l) => console.error(l));
onShutdown(null, engine);
try {
  if (config.INGEST_ON_START && !engine.adminKey) {
    console.error('未提供 MEILI_MASTER_KEY：跳过导入，只启动检索门户');
  } else if (config.INGEST_ON_START) {
    console.error(`导入语料：${config.CORPUS_DIR}`);
    await runIngest({
      client: createClient({ url: engine.url, apiKey: engine.adminKey }, 600_000),
      index: config.MEILI_INDEX,
      documentsIndex: config.documentsIndex,
      inputs: [config.CORPUS_DIR],
      reporter: cliReporter(),
    });
  }
  const server = await listen(config, engine);
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  onShutdown(server, engine);
  console.error(`党建文稿检索已启动：http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`);
} catch (err) {
  console.error(`启动失败：${(err as Error).message}`);
  await engine.close();
  process.exit(1);
}
