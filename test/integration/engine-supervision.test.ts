// The supervised embedded engine: killed under a serving portal it comes back by itself (pages 503
// meanwhile, then answers again without a portal restart), restarts are bounded and reported, and a
// stale data/engine.json never makes a start fail.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { createClient, isHealthy } from '../../src/core/meili/client.js';
import { resolveMeiliBinary, startEmbeddedMeili, superviseEmbeddedMeili, type SupervisorEvent } from '../../src/core/meili/embedded.js';
import { buildAppDeps, ENGINE_LOG, ENGINE_MARKER, openEngine, type EngineHandle, type EngineMarker } from '../../src/cli/runtime.js';
import { createApp } from '../../src/web/app.js';
import { runIngest } from '../../ingest/run.js';
import { SAMPLE_DIR } from '../helpers/engine.js';
import { BlobStore } from '../../src/core/blob-store.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const marker = (dir: string) => JSON.parse(readFileSync(path.join(dir, ENGINE_MARKER), 'utf8')) as EngineMarker;

describe('the supervised embedded engine under a serving portal', () => {
  let dir: string;
  let engine: EngineHandle;
  const events: SupervisorEvent[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dj-super-'));
    const config = loadConfig({ DATA_DIR: dir, NODE_ENV: 'test', MEILI_BIN: loadConfig().MEILI_BIN });
    engine = await openEngine(config, { onEngineEvent: (e) => events.push(e) });
    await runIngest({ client: createClient({ url: engine.url, apiKey: engine.adminKey }, 600_000), index: config.MEILI_INDEX, documentsIndex: config.documentsIndex, inputs: [SAMPLE_DIR], blobs: new BlobStore(dir) });
  });
  afterAll(async () => {
    await engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 while the engine is down and recovers by itself; engine.json names the new pid', async () => {
    const config = loadConfig({ DATA_DIR: dir, NODE_ENV: 'test' });
    const app = createApp(buildAppDeps(config, engine));
    expect((await request(app).get('/api/search?q=党费')).status).toBe(200);
    const first = marker(dir);
    expect(first.supervisor).toBe(process.pid);
    expect(alive(first.pid)).toBe(true);
    expect(readFileSync(`/proc/${first.pid}/cmdline`, 'utf8')).toContain('meilisearch');

    process.kill(first.pid, 'SIGKILL');
    await sleep(200);
    const down = await request(app).get('/api/search?q=党费');
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('engine_unavailable');
    expect((await request(app).get('/?q=党费')).status).toBe(503);
    expect((await request(app).get('/health')).status).toBe(503);

    let back = 0;
    for (let i = 0; i < 60 && back !== 200; i++) {
      await sleep(500);
      back = (await request(app).get('/api/search?q=党费')).status;
    }
    expect(back).toBe(200);
    const page = await request(app).get('/?q=党费');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<mark>');
    const second = marker(dir);
    expect(second.pid).not.toBe(first.pid);
    expect(alive(second.pid)).toBe(true);
    expect(second.url).toBe(first.url);
    expect(events.map((e) => e.type)).toEqual(['started', 'exited', 'restarting', 'started']);
    expect(events[1]).toMatchObject({ type: 'exited', pid: first.pid, signal: 'SIGKILL' });
    expect(events[2]).toMatchObject({ type: 'restarting', attempt: 1, maxRestarts: 5 });
    // The engine's own log is captured under DATA_DIR.
    expect(() => readFileSync(path.join(dir, ENGINE_LOG))).not.toThrow();
  });
});

describe('bounded restarts', () => {
  it('gives up after maxRestarts failed starts, reporting each attempt with its delay', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dj-super-'));
    // A binary that works until the flag file exists, then fails at once.
    const flag = path.join(dir, 'broken');
    const bin = path.join(dir, 'meili-wrapper.sh');
    writeFileSync(bin, `#!/bin/sh\n[ -e "${flag}" ] && { echo "engine broken" >&2; exit 3; }\nexec "${resolveMeiliBinary(loadConfig().MEILI_BIN)}" "$@"\n`);
    chmodSync(bin, 0o755);
    const events: SupervisorEvent[] = [];
    const engine = await superviseEmbeddedMeili({ dataDir: path.join(dir, 'data'), bin, maxRestarts: 3, backoffMs: 50, onEvent: (e) => events.push(e) });
    try {
      writeFileSync(flag, '');
      process.kill(engine.pid, 'SIGKILL');
      for (let i = 0; i < 100 && !engine.gaveUp; i++) await sleep(100);
      expect(engine.gaveUp).toBe(true);
      const restarting = events.filter((e) => e.type === 'restarting');
      expect(restarting.map((e) => e.type === 'restarting' && e.delayMs)).toEqual([50, 100, 200]);
      expect(events.filter((e) => e.type === 'restart-failed')).toHaveLength(3);
      expect(events.at(-1)).toEqual({ type: 'gave-up', attempts: 3 });
    } finally {
      await engine.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a stale data/engine.json', () => {
  it('naming processes that no longer exist does not stop a start', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dj-stale-'));
    writeFileSync(path.join(dir, ENGINE_MARKER), JSON.stringify({ url: 'http://127.0.0.1:9', pid: 2 ** 22 - 3, supervisor: 2 ** 22 - 5, startedAt: '2020-01-01T00:00:00Z' }));
    const engine = await openEngine(loadConfig({ DATA_DIR: dir, MEILI_BIN: loadConfig().MEILI_BIN }));
    try {
      expect(await isHealthy(createClient({ url: engine.url }))).toBe(true);
      expect(marker(dir).supervisor).toBe(process.pid);
    } finally {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('naming an orphaned engine (its portal killed outright) stops it and starts a supervised one', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dj-stale-'));
    const orphan = await startEmbeddedMeili({ dataDir: dir, bin: loadConfig().MEILI_BIN });
    writeFileSync(path.join(dir, ENGINE_MARKER), JSON.stringify({ url: orphan.url, pid: orphan.pid, supervisor: 2 ** 22 - 5, startedAt: '2020-01-01T00:00:00Z' }));
    const engine = await openEngine(loadConfig({ DATA_DIR: dir, MEILI_BIN: loadConfig().MEILI_BIN }));
    try {
      expect(alive(orphan.pid)).toBe(false);
      expect(await isHealthy(createClient({ url: engine.url }))).toBe(true);
      expect(marker(dir).pid).not.toBe(orphan.pid);
    } finally {
      await engine.close();
      await orphan.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
