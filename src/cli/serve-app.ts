// Listening and shutting down: the part of the server that createApp() leaves out.
import type { Server } from 'node:http';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import type { SupervisorEvent } from '../core/meili/embedded.js';
import { createApp } from '../web/app.js';
import { openDatabase } from '../core/store/database.js';
import { AccountStore } from '../core/store/accounts.js';
import { buildAppDeps, ensureInitialAdmin, type EngineHandle } from './runtime.js';

let server: Server | null = null;

/** Ctrl-C and SIGTERM close the server (once listening), run `before` (the watcher) and stop the engine this process started. */
export function stopOnSignals(engine: EngineHandle, logger: Logger, before: () => Promise<void> = async () => {}): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, '收到停止信号，正在停止…');
    server?.close();
    server?.closeAllConnections();
    await before().catch(() => {});
    await engine.close();
    logger.flush();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

export async function serve(config: Config, engine: EngineHandle, logger: Logger): Promise<Server> {
  const db = openDatabase(config.DATA_DIR);
  await ensureInitialAdmin(config, db, (l) => logger.info(l));
  const deps = buildAppDeps(config, engine, db, (l) => logger.info(l));
  const app = createApp({ ...deps, logger });
  // The copy of the section texts that verifies long 原文 phrases is in before the portal answers:
  // no first query takes the slow path (verification on the engine). It follows the index after.
  await deps.warmUp();
  server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
    s.once('error', reject);
  });
  logger.info({ url: `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`, auth: config.AUTH }, '党建文稿检索已启动');
  if (config.AUTH === 'local' && new AccountStore(db).count() === 0) {
    logger.warn('尚无任何账号，门户不提供内容：请运行 npm run users -- add <用户名> --role admin 创建第一个管理员');
  }
  return server;
}

/** Each step of the engine supervisor as a log line: an exit and every retry are warnings, giving up an error. */
export function logEngineEvent(logger: Logger, e: SupervisorEvent): void {
  const log = logger.child({ component: 'engine' });
  if (e.type === 'started') log.info({ enginePid: e.pid, url: e.url }, 'meilisearch started');
  else if (e.type === 'exited') log.warn({ enginePid: e.pid, code: e.code, signal: e.signal }, 'meilisearch exited unexpectedly');
  else if (e.type === 'restarting') log.warn({ attempt: e.attempt, maxRestarts: e.maxRestarts, delayMs: e.delayMs }, 'restarting meilisearch');
  else if (e.type === 'restart-failed') log.error({ attempt: e.attempt, error: e.error }, 'meilisearch restart failed');
  else log.error({ attempts: e.attempts }, 'meilisearch did not come back; giving up (restart the portal after fixing the cause)');
}

/** The CLIs' last word on a failure: one line (no stack trace), the engine stopped, exit 1. */
export async function fail(err: unknown, engine?: EngineHandle): Promise<never> {
  console.error(`启动失败：${(err as Error).message}`);
  await engine?.close();
  process.exit(1);
}
