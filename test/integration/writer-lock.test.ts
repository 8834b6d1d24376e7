// One writer at a time: two real `npm run ingest` processes on one DATA_DIR (the second waits with a
// message, or refuses with one line naming the first), and the per-index lock on a shared engine.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../src/core/config.js';
import { createClient } from '../../src/core/meili/client.js';
import { dataDirLock, engineIndexLock, lockIndexName, WRITER_HOLDER_FILE, WriterBusyError } from '../../src/core/ops/writer-lock.js';
import { generateCorpus } from '../../bench/generate-corpus.js';
import { SAMPLE_DIR, startTestEngine, type TestEngine } from '../helpers/engine.js';

interface Run {
  code: number | null;
  stderr: string;
  stdout: string;
}

function ingestCli(dataDir: string, args: string[]): { done: Promise<Run>; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/cli/ingest.ts'), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATA_DIR: dataDir, MEILI_URL: '', MEILI_MASTER_KEY: '', MEILI_BIN: loadConfig().MEILI_BIN ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => (stdout += d));
  const done = new Promise<Run>((resolve) => child.on('exit', (code) => resolve({ code, stderr, stdout })));
  return { done, stderr: () => stderr };
}

describe('two ingestions on one DATA_DIR', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'dj-lock-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses with one line naming the running writer (pid, since when) under --no-wait', async () => {
    const release = await dataDirLock(dataDir).acquire({ purpose: 'npm run ingest /archive', wait: false });
    try {
      const r = await ingestCli(dataDir, ['--no-wait', SAMPLE_DIR]).done;
      expect(r.code).toBe(75);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`索引正在被写入：npm run ingest /archive（pid ${process.pid}，自 .+ 起）`));
    } finally {
      await release();
    }
  });

  it('runs a second ingestion started during the first after it: both succeed, no request error, nothing lost', async () => {
    // Enough files that the first is still writing when the second starts.
    const archive = await generateCorpus(40, path.join(dataDir, 'archive'));
    const a = ingestCli(dataDir, [archive]);
    for (let i = 0; i < 600 && !existsSync(path.join(dataDir, WRITER_HOLDER_FILE)); i++) await new Promise((r) => setTimeout(r, 50));
    const b = ingestCli(dataDir, [archive]);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect([ra.code, rb.code]).toEqual([0, 0]);
    // The second waited, and said for whom.
    expect(rb.stderr).toMatch(/另一个导入正在写入：npm run ingest .*（pid \d+，自 .+ 起）；等待它结束/);
    expect(ra.stderr + rb.stderr).not.toMatch(/has failed|fetch failed|ECONNREFUSED|导入失败/);
    // The first wrote everything; the second found it all in place.
    expect(ra.stderr).toMatch(/新导入 40，/);
    expect(rb.stderr).toMatch(/新导入 0，.*未变化 40/);
  }, 240_000);
});

describe('the per-index lock on a shared engine', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine('locktest');
  });
  afterAll(async () => engine?.stop());

  it('lets one writer in, names it to the next, and frees the index on release', async () => {
    const client = createClient({ url: engine.url, apiKey: engine.masterKey });
    const first = engineIndexLock(client, 'locktest');
    const release = await first.acquire({ purpose: 'upload', wait: false });
    const err = await engineIndexLock(client, 'locktest').acquire({ purpose: 'watch', wait: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WriterBusyError);
    expect((err as WriterBusyError).status).toBe(409);
    expect((err as Error).message).toMatch(new RegExp(`upload（pid ${process.pid}，自 .+ 起）`));
    // A waiting writer gets in once the first lets go.
    let told = '';
    const waiting = engineIndexLock(client, 'locktest').acquire({ purpose: 'watch', wait: true, pollMs: 100, onWait: (h) => (told = h?.purpose ?? '') });
    await new Promise((r) => setTimeout(r, 300));
    await release();
    const release2 = await waiting;
    expect(told).toBe('upload');
    await release2();
    const indexes = (await client.getIndexes({ limit: 1000 })).results.map((i) => i.uid);
    expect(indexes).not.toContain(lockIndexName('locktest'));
  });

  it('takes over a lock whose holder stopped beating', async () => {
    const client = createClient({ url: engine.url, apiKey: engine.masterKey });
    await engineIndexLock(client, 'locktest', { staleMs: 60_000 }).acquire({ purpose: 'crashed', wait: false });
    // The holder "crashed": never released. With a short staleness the next writer takes over.
    await new Promise((r) => setTimeout(r, 400));
    const release = await engineIndexLock(client, 'locktest', { staleMs: 200 }).acquire({ purpose: 'next', wait: false });
    const doc = await client.index(lockIndexName('locktest')).getDocument('holder');
    expect(doc.purpose).toBe('next');
    await release();
  });
});
