// npm run bench:engines [-- --docs 300 --engines 1,3 --rounds 3] (also npm run bench -- --engines 1,3):
// the archive on one engine and on several (MEILI_REMOTES), on this machine. Per engine count:
//   ingest  `npm run ingest` as a user runs it (a child process), against engines started here on
//           loopback (one: MEILI_URL; several: MEILI_REMOTES, documents routed by id): wall time;
//   engines each engine's data directory on disk and its peak RSS (VmHWM: ingestion and searches);
//   search  the portal's search service (federated across the engines when several): 原文/词语
//           p50/p99 over the recall query mix and long frequent phrases, three rounds (the second
//           with a facet selection, the third a later page).
// Several engines on one machine share its cores and disk: the figures say what the split costs
// (federation, per-engine overhead), not what separate machines would gain (bench/RESULTS.md).
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig, PROJECT_ROOT } from '../src/core/config.js';
import { startEmbeddedMeili, type EmbeddedEngine } from '../src/core/meili/embedded.js';
import { buildAppDeps } from '../src/cli/runtime.js';
import { parseSearchParams } from '../src/web/query/search-params.js';
import { generateCorpus } from './generate-corpus.js';
import { EVAL_QUERIES } from './recall-queries.js';
import { procMem } from './serving.js';

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const du = (dir: string) => Number(execFileSync('du', ['-sb', dir]).toString().split('\t')[0]);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

/** Long phrases every generated document holds (the most candidates a 原文 phrase can have). */
const LONG_FREQUENT = ['坚持以习近平新时代中国特色社会主义思想为指导', '认真落实全面从严治党主体责任', '现将有关情况总结如下：'];

export interface EnginesResult {
  engines: number;
  documents: number;
  ingestSecs: number;
  /** DATA_DIR of the ingester (originals and cleaned texts: the same whatever the engines). */
  dataDirBytes: number;
  perEngine: Array<{ name: string; diskBytes: number; peakRss: number; documents: number }>;
  search: Record<'words' | 'exact', { p50: number; p99: number; n: number }>;
}

/** `npm run ingest` in a child process against the given engines. */
async function ingestCli(corpus: string, env: Record<string, string>): Promise<number> {
  const script = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.ingest!;
  const [bin, ...args] = script.split(/\s+/);
  if (bin !== 'node') throw new Error(`unexpected ingest script: ${script}`);
  const t0 = performance.now();
  const child = spawn(process.execPath, [...args, corpus], { cwd: PROJECT_ROOT, env: { ...process.env, ...env, NODE_ENV: 'production', INGEST_NICE: '0' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
  if (code !== 0 && code !== 2) throw new Error(`ingest exited with ${code}:\n${stderr}`);
  return (performance.now() - t0) / 1000;
}

export async function measureEngines(corpus: string, documents: number, count: number, rounds: number): Promise<EnginesResult> {
  const key = randomBytes(24).toString('hex');
  const dirs: string[] = [];
  const engines: EmbeddedEngine[] = [];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dj-bench-engines-'));
  try {
    for (let i = 0; i < count; i++) {
      const dir = mkdtempSync(path.join(os.tmpdir(), `dj-bench-engine-${i}-`));
      writeFileSync(path.join(dir, 'master-key'), key + '\n', { mode: 0o600 });
      dirs.push(dir);
      engines.push(await startEmbeddedMeili({ dataDir: dir, bin: loadConfig().MEILI_BIN, maxIndexingMemory: loadConfig().MEILI_MAX_INDEXING_MEMORY }));
    }
    const names = engines.map((_, i) => `ms-${String(i).padStart(2, '0')}`);
    const env: Record<string, string> =
      count === 1
        ? { DATA_DIR: dataDir, MEILI_URL: engines[0]!.url, MEILI_REMOTES: '', MEILI_MASTER_KEY: key }
        : { DATA_DIR: dataDir, MEILI_URL: '', MEILI_REMOTES: engines.map((e, i) => `${names[i]}=${e.url}`).join(','), MEILI_MASTER_KEY: key };
    const ingestSecs = await ingestCli(corpus, env);

    const config = loadConfig({ ...env, NODE_ENV: 'test', AUTH: 'off' });
    const { search, warmUp } = buildAppDeps(config, { url: engines[0]!.url, adminKey: key, ...(config.MEILI_REMOTES ? { remotes: config.MEILI_REMOTES } : {}) });
    await warmUp();
    const queries = [...EVAL_QUERIES.map((q) => q.q), ...LONG_FREQUENT];
    const out = {} as EnginesResult['search'];
    for (const mode of ['words', 'exact'] as const) {
      const times: number[] = [];
      for (let r = 0; r < rounds; r++) {
        for (const q of queries) {
          const s = performance.now();
          await search.search(parseSearchParams({ q, mode, year: r === 1 ? ['2020', '2023'] : [], page: r === 2 ? '3' : '1' }));
          times.push(performance.now() - s);
        }
      }
      out[mode] = { p50: pct(times, 50), p99: pct(times, 99), n: times.length };
    }
    const perEngine = [];
    for (const [i, e] of engines.entries()) {
      const r = await fetch(`${e.url}/indexes/${config.documentsIndex}/stats`, { headers: { Authorization: `Bearer ${key}` } });
      const docs = ((await r.json()) as { numberOfDocuments?: number }).numberOfDocuments ?? 0;
      perEngine.push({ name: names[i]!, diskBytes: du(e.dataDir), peakRss: procMem(e.pid).hwm, documents: docs });
    }
    return { engines: count, documents, ingestSecs, dataDirBytes: du(dataDir), perEngine, search: out };
  } finally {
    for (const e of engines) await e.stop();
    for (const d of [...dirs, dataDir]) rmSync(d, { recursive: true, force: true });
  }
}

export async function runEnginesBench(sizes: number[], counts: number[], rounds: number): Promise<void> {
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  for (const docs of sizes) {
    const corpus = await generateCorpus(docs, path.join(PROJECT_ROOT, 'bench', 'out', `generated-${docs}`));
    console.log(`\n== ${docs} documents (${mb(du(corpus))} of files)`);
    for (const count of counts) {
      const r = await measureEngines(corpus, docs, count, rounds);
      const disk = r.perEngine.reduce((n, e) => n + e.diskBytes, 0);
      console.log(
        `${count} engine${count > 1 ? 's' : ''}: ingest ${r.ingestSecs.toFixed(1)} s; DATA_DIR ${mb(r.dataDirBytes)}; engines' disk ${mb(disk)} in all; ` +
          `原文 p50 ${r.search.exact.p50.toFixed(1)} ms, p99 ${r.search.exact.p99.toFixed(1)} ms; 词语 p50 ${r.search.words.p50.toFixed(1)} ms, p99 ${r.search.words.p99.toFixed(1)} ms (${r.search.exact.n} queries each)`,
      );
      for (const e of r.perEngine) {
        console.log(`  ${e.name}: ${e.documents} documents, disk ${mb(e.diskBytes)} (${((e.diskBytes / Math.max(e.documents, 1)) / 1024).toFixed(1)} KB a document), peak RSS ${mb(e.peakRss)}`);
      }
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { docs: { type: 'string', default: '300' }, engines: { type: 'string', default: '1,3' }, rounds: { type: 'string', default: '3' } } });
  await runEnginesBench(values.docs.split(',').map(Number), values.engines.split(',').map(Number), Number(values.rounds));
}
