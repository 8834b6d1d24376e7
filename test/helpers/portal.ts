// A signed-in portal for tests: a real engine, a real portal database in its own temp DATA_DIR,
// the app listening on a loopback port (so Origin and Host are what a browser would send), and
// accounts of each role.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { buildAppDeps } from '../../src/cli/runtime.js';
import { loadConfig, type Config } from '../../src/core/config.js';
import { openDatabase, type Db } from '../../src/core/store/database.js';
import { createApp, type AppDeps } from '../../src/web/app.js';
import type { TestEngine } from './engine.js';
import { listen } from './http.js';

export const PASSWORD = 'correct horse 电池 staple';

export interface TestPortal {
  base: string;
  config: Config;
  db: Db;
  deps: AppDeps;
  dataDir: string;
  close(): Promise<void>;
}

export async function startPortal(engine: TestEngine, env: Record<string, string> = {}, patch: Partial<AppDeps> = {}): Promise<TestPortal> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dj-portal-'));
  // One DATA_DIR in real life: the originals and cleaned texts the test engine's ingestions wrote
  // are the ones this portal serves (and its uploads go beside them).
  mkdirSync(path.join(engine.dataDir, 'blobs'), { recursive: true });
  symlinkSync(path.join(engine.dataDir, 'blobs'), path.join(dataDir, 'blobs'));
  const config = loadConfig({ MEILI_INDEX: engine.index, NODE_ENV: 'test', DATA_DIR: dataDir, AUTH: 'local', ...env });
  const db = openDatabase(dataDir);
  const deps = { ...buildAppDeps(config, { url: engine.url, adminKey: engine.masterKey }, db), ...patch };
  const server = await listen(createApp(deps));
  return {
    base: server.base,
    config,
    db,
    deps,
    dataDir,
    close: async () => {
      await server.close();
      db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A browser-like client: keeps cookies, says its requests are same-origin like a page's would be. */
export function browserAgent(portal: TestPortal, ip?: string) {
  const agent = request.agent(portal.base);
  agent.set('Origin', portal.base);
  if (ip) agent.set('X-Forwarded-For', ip);
  return agent;
}

export async function signIn(portal: TestPortal, name: string, password = PASSWORD, ip?: string) {
  const agent = browserAgent(portal, ip);
  const res = await agent.post('/login').type('form').send({ username: name, password, next: '/' });
  if (res.status !== 303) throw new Error(`login of ${name} failed: ${res.status} ${res.text.slice(0, 200)}`);
  return agent;
}

export const cookieOf = (res: { headers: Record<string, unknown> }, name: string): string | undefined => {
  const raw = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
  return list.find((c) => c.startsWith(`${name}=`));
};
