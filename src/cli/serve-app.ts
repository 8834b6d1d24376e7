// Listening and shutting down: the part of the server that createApp() leaves out.
import type { Server } from 'node:http';
import { createApp } from '../app.js';
import type { Config } from '../config.js';
import { buildAppDeps, type EngineHandle } from '../runtime.js';

export async function listen(config: Config, engine: EngineHandle): Promise<Server> {
  const app = createApp(buildAppDeps(config, engine));
  return new Promise((resolve, reject) => {
    const server = app.listen(config.PORT, config.HOST, () => resolve(server));
    server.once('error', reject);
  });
}

/** Ctrl-C and SIGTERM close the server and stop the engine this process started. */
export function onShutdown(server: Server | null, engine: EngineHandle): void {
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
