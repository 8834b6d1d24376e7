// The watched archive, against a real engine: a file copied into the folder becomes searchable
// within 10 s, a changed file's new text replaces the old, a removed file's document disappears,
// and a burst of copies is ingested in a few batches — one JSON log line per ingested file.
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { createLogger } from '../../src/core/logger.js';
import { dataDirLock } from '../../src/core/ops/writer-lock.js';
import { startArchiveWatch } from '../../src/cli/archive-watch.js';
import type { ArchiveWatcher } from '../../ingest/watch.js';
import { generateCorpus } from '../../bench/generate-corpus.js';
import { SAMPLE_DIR, startTestEngine, type TestEngine } from '../helpers/engine.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('watching the archive folder', () => {
  let engine: TestEngine;
  let corpus: string;
  let watcher: ArchiveWatcher;
  const lines: Array<Record<string, unknown>> = [];
  // The second is the one that speaks of 党费 (the change below rewords it); the first does not.
  const samples = ['2020年上半年机关党建工作总结.txt', 'XX中心2023年下半年党支部工作情况.txt'];

  const docs = async () => (await request(engine.app()).get('/api/documents')).body.documents as Array<{ sourceFile: string }>;
  const exact = async (q: string) => (await request(engine.app()).get('/api/search').query({ q, mode: 'exact' })).body.total as number;
  /** Polls until `check` holds; returns the seconds it took. */
  const within = async (seconds: number, check: () => Promise<boolean>) => {
    const t0 = Date.now();
    while (Date.now() - t0 < seconds * 1000) {
      if (await check()) return (Date.now() - t0) / 1000;
      await sleep(250);
    }
    throw new Error(`not within ${seconds} s`);
  };

  beforeAll(async () => {
    engine = await startTestEngine();
    corpus = mkdtempSync(path.join(os.tmpdir(), 'dj-watch-'));
    copyFileSync(path.join(SAMPLE_DIR, samples[0]!), path.join(corpus, samples[0]!));
    await engine.ingest([corpus]);
    const sink = new Writable({ write: (chunk, _enc, cb) => (String(chunk).split('\n').filter(Boolean).forEach((l) => lines.push(JSON.parse(l))), cb()) });
    const config = { ...loadConfig({ CORPUS_DIR: corpus, DATA_DIR: engine.dataDir }), WATCH_DEBOUNCE_MS: 500 };
    watcher = startArchiveWatch(config, { url: engine.url, adminKey: engine.masterKey }, dataDirLock(engine.dataDir), createLogger({ level: 'info' }, sink));
    await watcher.ready;
  });
  afterAll(async () => {
    await watcher?.close();
    await engine?.stop();
    rmSync(corpus, { recursive: true, force: true });
  });

  it('makes a copied file searchable within 10 s', async () => {
    copyFileSync(path.join(SAMPLE_DIR, samples[1]!), path.join(corpus, samples[1]!));
    const took = await within(10, async () => (await docs()).some((d) => d.sourceFile === samples[1]));
    expect(took).toBeLessThan(10);
    console.info(`copied file searchable after ${took.toFixed(1)} s`);
    // The log line follows once the engine has confirmed the write.
    await within(10, async () => lines.some((l) => l.msg === 'ingest file' && l.file === samples[1] && l.status === 'indexed'));
    const fileLine = lines.find((l) => l.msg === 'ingest file' && l.file === samples[1] && l.status === 'indexed');
    expect(fileLine).toMatchObject({ level: 'info', component: 'ingest', trigger: 'watch', status: 'indexed' });
  });

  it('replaces a changed file: the new wording is found, the old one is not', async () => {
    const file = path.join(corpus, samples[1]!);
    const text = readFileSync(file, 'utf8');
    const old = '党费';
    expect(await exact(old)).toBeGreaterThan(0);
    writeFileSync(file, text.replaceAll(old, '会费') + '\n四、补充说明\n本支部试行“红色驿站”学习打卡制度。\n');
    // The new version is written first, then the old one removed: both within the 10 s.
    await within(10, async () => (await exact('学习打卡制度')) > 0 && (await exact(old)) === 0);
    expect((await docs()).filter((d) => d.sourceFile === samples[1])).toHaveLength(1);
  });

  it("removes a deleted file's document", async () => {
    unlinkSync(path.join(corpus, samples[1]!));
    await within(10, async () => !(await docs()).some((d) => d.sourceFile === samples[1]) && (await exact('学习打卡制度')) === 0);
    expect((await docs()).map((d) => d.sourceFile)).toEqual([samples[0]]);
  });

  it('batches a burst of copied files into a few runs', async () => {
    const generated = await generateCorpus(60, path.join(os.tmpdir(), `dj-watch-gen-${process.pid}`));
    const batchesBefore = lines.filter((l) => l.msg === 'archive changed').length;
    const files = readdirSync(generated);
    for (const f of files) copyFileSync(path.join(generated, f), path.join(corpus, f));
    await within(60, async () => (await docs()).length >= 1 + files.length);
    await watcher.idle();
    const batches = lines.filter((l) => l.msg === 'archive changed').length - batchesBefore;
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(batches).toBeLessThanOrEqual(3);
    rmSync(generated, { recursive: true, force: true });
  }, 120_000);
});
