// npm run serve: the portal alone (over MEILI_URL, or the embedded engine with its existing data).
import { loadConfig } from '../config.js';
import { openEngine } from '../runtime.js';
import { listen, onShutdown } from './serve-app.js';

const config = loadConfig();
const engine = await openEngine(config, (l) => console.error(l));
try {
  const server = await listen(config, engine);
  onShutdown(server, engine);
  console.error(`党建文稿检索已启动：http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`);
} catch (err) {
  console.error(`启动失败：${(err as Error).message}`);
  await engine.close();
  process.exit(1);
}
