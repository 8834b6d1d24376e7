// Listening and shutting down: the part of the server that createApp() leaves out.
import type { Server } from 'node:http';
import type { Config } from '../core/config.js';
import { createApp } from '../web/app.js';
import { openDatabase } from '../core/store/database.js';
import { AccountStore } from '../core/store/accounts.js';
import { buildAppDeps, ensureInitialAdmin, type EngineHandle } from './runtime.js';

let server: Server | null = null;

/** Ctrl-C and SIGTERM close the server (once listening) and stop the engine this process started. */
export function stopOnSignals(engine: EngineHandle): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`\n收到 ${signal}，正在停止…`);
    server?.close();
    server?.closeAllConnections();
    await engine.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

export async function serve(config: Config, engine: EngineHandle): Promise<Server> {
  const db = openDatabase(config.DATA_DIR);
  await ensureInitialAdmin(config, db, (l) => console.error(l));
  const app = createApp(buildAppDeps(config, engine, db));
  server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
    s.once('error', reject);
  });
  console.error(`党建文稿检索已启动：http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}（登录方式 AUTH=${config.AUTH}）`);
  if (config.AUTH === 'local' && new AccountStore(db).count() === 0) {
    console.error('尚无任何账号，门户不提供内容：请运行 npm run users -- add <用户名> --role admin 创建第一个管理员');
  }
  return server;
}

/** The CLIs' last word on a failure: one line (no stack trace), the engine stopped, exit 1. */
export async function fail(err: unknown, engine?: EngineHandle): Promise<never> {
  console.error(`启动失败：${(err as Error).message}`);
  await engine?.close();
  process.exit(1);
}
