// npm run bench [-- --docs 300[,3000,...] --rounds 3]: the footprint of the product at a given
// archive size, beside the engine's own floor measured in the same run (the machine is shared:
// only ratios from one run are comparable). Per size:
//   floor   the same raw paragraphs (decoded lines) straight into a fresh engine, Chinese locale,
//           engine defaults: wall time and database size; measured before the ingestion and again
//           right after it (the machine's speed drifts), the ingestion set against each and their mean;
//   ingest  `npm run ingest` as a user runs it (a child process with its own embedded engine under
//           a fresh DATA_DIR): wall time, DATA_DIR bytes, node and engine peak RSS (VmHWM);
//   serving `npm run serve` over that DATA_DIR: long 原文 phrases found in every document, each asked
//           once, (a) as soon as /health answers and (b) right after `npm run ingest` added three
//           files in another process while it served; the engine's peak RSS and anonymous memory;
//   search  the portal's search service over that DATA_DIR: 原文/词语 p50/p99 over a query mix that
//           includes long phrases found in thousands of sections (first rounds are uncached);
//   suggest /api/suggest's service (phrases as you type) over every prefix of the query mix, and
//           did-you-mean over typing slips; the phrase table's size and rebuild time (from the ingest).
// --skip-floor leaves the floor out (when time is short; the ratios to it are then not printed).
// --engines 1,3 measures the archive on one engine and on three instead (bench/engines.ts).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, PROJECT_ROOT } from '../src/core/config.js';
import { createClient, waitTask } from '../src/core/meili/client.js';
import { parseSearchParams } from '../src/web/query/search-params.js';
import { startEmbeddedMeili } from '../src/core/meili/embedded.js';
import { buildAppDeps } from '../src/cli/runtime.js';
import { decode } from '../ingest/decode.js';
import { generateCorpus } from './generate-corpus.js';
import { EVAL_QUERIES } from './recall-queries.js';
import { childPids, commOf, MemSampler, procMem, serving } from './serving.js';
import { runEnginesBench } from './engines.js';

const { values } = parseArgs({
  options: { docs: { type: 'string', default: '300' }, rounds: { type: 'string', default: '3' }, 'skip-floor': { type: 'boolean', default: false }, engines: { type: 'string' } },
});
const sizes = values.docs.split(',').map(Number);
const rounds = Number(values.rounds);
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const du = (dir: string) => Number(execFileSync('du', ['-sb', dir]).toString().split('\t')[0]);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

/** Long phrases that the generated archive holds in thousands of sections (every document's opening). */
const LONG_FREQUENT = [
  '坚持以习近平新时代中国特色社会主义思想为指导',
  '认真落实全面从严治党主体责任，现将有关情况总结如下',
  '习近平新时代中国特色社会主义思想',
  '全面从严治党主体责任',
  '现将有关情况总结如下：',
];

/**
 * Distinct long phrases of the stock wording every generated document opens with (each is in every
 * document: the most candidates a phrase can have), for asking each once.
 */
function stockPhrases(): string[] {
  const out: string[] = [];
  for (const [run, min] of [['坚持以习近平新时代中国特色社会主义思想为指导', 12], ['认真落实全面从严治党主体责任', 10]] as const) {
    for (let len = run.length; len >= min; len--) for (let i = 0; i + len <= run.length; i++) out.push(run.slice(i, i + len));
  }
  // A fixed shuffle, so that (a) and (b) get phrases of every length.
  return out.map((p, i) => [(i * 7919) % 101, p] as const).sort((x, y) => x[0] - y[0]).map(([, p]) => p);
}

/** The floor: decoded lines as {id, text} records into a fresh engine with its defaults. */
async function floor(corpus: string): Promise<{ secs: number; dbBytes: number; dataBytes: number; rss: number; anon: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dj-floor-'));
  const engine = await startEmbeddedMeili({ dataDir: dir, bin: loadConfig().MEILI_BIN });
  const mem = new MemSampler(() => [engine.pid]);
  try {
    const admin = createClient({ url: engine.url, apiKey: engine.masterKey }, 3_600_000);
    await waitTask(admin, (await admin.createIndex('floor', { primaryKey: 'id' })).taskUid);
    await waitTask(admin, (await admin.index('floor').updateSettings({ localizedAttributes: [{ attributePatterns: ['*'], locales: ['cmn'] }] })).taskUid);
    const t0 = performance.now();
    const tasks: number[] = [];
    let batch: Array<{ id: string; text: string }> = [];
    let n = 0;
    for (const f of readdirSync(corpus).sort()) {
      const d = await decode({ relPath: f, bytes: readFileSync(path.join(corpus, f)) });
      for (const { text } of d.lines) if (text.trim()) batch.push({ id: String(n++), text });
      if (batch.length >= 1000) {
        tasks.push((await admin.index('floor').addDocuments(batch)).taskUid);
        batch = [];
      }
    }
    if (batch.length) tasks.push((await admin.index('floor').addDocuments(batch)).taskUid);
    for (const t of tasks) await waitTask(admin, t, 3_600_000);
    const secs = (performance.now() - t0) / 1000;
    const dbBytes = (await admin.getStats()).databaseSize;
    const peak = mem.stop();
    return { secs, dbBytes, dataBytes: du(dir), rss: procMem(engine.pid).hwm, anon: peak.anon };
  } finally {
    mem.stop();
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `npm run ingest` in a child process with a fresh DATA_DIR; peak RSS of it and of its engine. */
async function ingestCli(corpus: string, dataDir: string, extra: string[] = []): Promise<{ secs: number; nodeRss: number; workersRss: number; engineRss: number; engineAnon: number; code: number; phraseTable: string }> {
  const t0 = performance.now();
  // Exactly what `npm run ingest` runs (its node flags bound the heap), without npm's own processes.
  const script = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.ingest!;
  const [bin, ...args] = script.split(/\s+/);
  if (bin !== 'node') throw new Error(`unexpected ingest script: ${script}`);
  const child = spawn(process.execPath, [...args, corpus, ...extra], {
    cwd: PROJECT_ROOT,
    // At the floor's priority: `npm run ingest` lowers its own (INGEST_NICE, 10) and its engine's, and
    // on a shared machine nice 10 measures everybody else's load, not the ingestion (seen: 5,000
    // documents' engine at 7% of a core while the floor's had all it asked for).
    env: { ...process.env, DATA_DIR: dataDir, MEILI_URL: '', NODE_ENV: 'production', INGEST_NICE: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let phraseTable = '';
  child.stderr!.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-4000);
    phraseTable = /常用词语表[^\n]*/.exec(b.toString())?.[0] ?? phraseTable;
  });
  const node = new MemSampler(() => [child.pid!]);
  // The ingester's children: its engine, and the processes that do a large run's files (work-pool.ts).
  const isEngine = (pid: number) => commOf(pid) === 'meilisearch';
  const engine = new MemSampler(() => childPids(child.pid!).filter(isEngine));
  const workers = new MemSampler(() => childPids(child.pid!).filter((pid) => !isEngine(pid)));
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
  const [n, e, w] = [node.stop(), engine.stop(), workers.stop()];
  if (code !== 0 && code !== 2) throw new Error(`ingest exited with ${code}:\n${stderr}`);
  return { secs: (performance.now() - t0) / 1000, nodeRss: n.rss, workersRss: w.rss, engineRss: e.rss, engineAnon: e.anon, code, phraseTable };
}

interface Latency {
  p50: number;
  p99: number;
  max: number;
  n: number;
  longP99: number;
  slowest: string;
}

/** Slips staff make (a pinyin input method's wrong homophone, one wrong character) and correct queries. */
const SLIPS = ['党风连政建设', '三回一课', '三会二课', '党员先峰模范作用', '主题当日', '党风廉政建设', '三会一课', '主题党日'];

async function searchLatency(dataDir: string): Promise<Record<'words' | 'exact', Latency> & { suggest: Latency; didYouMean: Latency; examples: string }> {
  const engine = await startEmbeddedMeili({ dataDir, bin: loadConfig().MEILI_BIN, maxIndexingMemory: loadConfig().MEILI_MAX_INDEXING_MEMORY });
  try {
    const config = loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test' });
    const { search, phrases, warmUp } = buildAppDeps(config, { url: engine.url, adminKey: engine.masterKey });
    // As the portal does after it starts listening: the copy of the section texts that verifies
    // long 原文 phrases (until it is in, they are verified on the engine). Its cost is printed.
    global.gc?.();
    const m0 = process.memoryUsage();
    const w0 = performance.now();
    const warmed = await warmUp();
    // Buffers a collection freed are released a moment later (swept off the main thread): counted
    // at once, the per-document buffers the copy was packed from still showed (twice the copy).
    global.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 500));
    global.gc?.();
    const m1 = process.memoryUsage();
    // The texts are buffers (off the heap); the heap gains their ids and the first queries' set-ups.
    console.log(`portal text copy: ${warmed ? `loaded in ${((performance.now() - w0) / 1000).toFixed(1)} s, +${mb(m1.arrayBuffers - m0.arrayBuffers)} of buffers, +${mb(m1.heapUsed - m0.heapUsed)} of portal heap (with the warm-up's first queries)` : 'none (verified on the engine)'}`);
    const queries = [...EVAL_QUERIES.map((q) => q.q), ...LONG_FREQUENT];
    const out = {} as Record<'words' | 'exact', Latency> & { suggest: Latency; didYouMean: Latency; examples: string };
    for (const mode of ['words', 'exact'] as const) {
      const times: number[] = [];
      const long: number[] = [];
      const labelled: Array<[number, string]> = [];
      for (let r = 0; r < rounds; r++) {
        for (const q of queries) {
          const s = performance.now();
          // Round 2 adds a facet selection (disjunctive facets: one request more); round 3 a later page.
          await search.search(parseSearchParams({ q, mode, year: r === 1 ? ['2020', '2023'] : [], page: r === 2 ? '3' : '1' }));
          const ms = performance.now() - s;
          times.push(ms);
          labelled.push([ms, `${q.slice(0, 12)}#${r + 1}`]);
          if (LONG_FREQUENT.includes(q)) long.push(ms);
        }
      }
      const slowest = labelled.sort((a, b) => b[0] - a[0]).slice(0, 5).map(([ms, l]) => `${l} ${ms.toFixed(0)}`).join(', ');
      out[mode] = { p50: pct(times, 50), p99: pct(times, 99), max: Math.max(...times), n: times.length, longP99: pct(long, 99), slowest };
    }
    // Phrases as you type: every prefix (one character and up) of each query, as the box asks while typing.
    const prefixes = [...new Set(queries.flatMap((q) => [...q.split(/\s+/)[0]!].slice(0, 6).map((_, i, cs) => cs.slice(0, i + 1).join(''))))];
    const timed = async (label: string, xs: string[], run: (x: string) => Promise<unknown>): Promise<Latency> => {
      const times: number[] = [];
      const labelled: Array<[number, string]> = [];
      for (let r = 0; r < rounds; r++) {
        for (const x of xs) {
          const s = performance.now();
          await run(x);
          const ms = performance.now() - s;
          times.push(ms);
          labelled.push([ms, `${x}#${r + 1}`]);
        }
      }
      const slowest = labelled.sort((a, b) => b[0] - a[0]).slice(0, 5).map(([ms, l]) => `${l} ${ms.toFixed(0)}`).join(', ');
      return { p50: pct(times, 50), p99: pct(times, 99), max: Math.max(...times), n: times.length, longP99: 0, slowest: `${label}: ${slowest}` };
    };
    out.suggest = await timed('suggest', prefixes, (p) => phrases.suggest(p));
    // Did-you-mean as the page computes it: after the search, with its number of full matches.
    out.didYouMean = await timed('didYouMean', SLIPS, async (q) => {
      const params = parseSearchParams({ q });
      const r = await search.search(params);
      return phrases.didYouMean(params, r.partialMatch ? 0 : r.total);
    });
    const shown: string[] = [];
    for (const p of ['党建引领', '党风廉政', '三会']) shown.push(`${p} → ${(await phrases.suggest(p)).slice(0, 3).map((x) => `${x.text} (${x.sections})`).join(', ')}`);
    for (const q of SLIPS.slice(0, 5)) {
      const params = parseSearchParams({ q });
      const r = await search.search(params);
      shown.push(`${q} → ${(await phrases.didYouMean(params, r.partialMatch ? 0 : r.total)) ?? '—'}`);
    }
    out.examples = shown.join('; ');
    return out;
  } finally {
    await engine.stop();
  }
}

// --engines 1,3: the archive on one engine and on several (bench/engines.ts) instead of the footprint run.
if (values.engines) {
  await runEnginesBench(sizes, values.engines.split(',').map(Number), rounds);
  process.exit(0);
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, node ${process.version}`;
console.log(`machine: ${machine}`);
for (const docs of sizes) {
  const corpus = await generateCorpus(docs, path.join(PROJECT_ROOT, 'bench', 'out', `generated-${docs}`));
  let textBytes = 0;
  for (const f of readdirSync(corpus)) textBytes += Buffer.byteLength((await decode({ relPath: f, bytes: readFileSync(path.join(corpus, f)) })).lines.map((l) => l.text).join('\n'));
  console.log(`\n== ${docs} documents: ${mb(du(corpus))} of files, ${mb(textBytes)} of UTF-8 text`);

  const noFloor = { secs: NaN, dbBytes: NaN, dataBytes: NaN, rss: NaN, anon: NaN };
  const fl = values['skip-floor'] ? noFloor : await floor(corpus);
  if (!values['skip-floor']) console.log(`floor: ${fl.secs.toFixed(1)} s, database ${mb(fl.dbBytes)} (${(fl.dbBytes / textBytes).toFixed(1)}× text), engine peak RSS ${mb(fl.rss)}, peak anonymous ${mb(fl.anon)}`);

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dj-bench-'));
  try {
    const ing = await ingestCli(corpus, dataDir);
    const data = du(dataDir);
    // The floor again, right after: this shared machine's speed drifts by a quarter within half an
    // hour (seen: the same run's engine batch 396 s against 309 s), so the ingestion is set against
    // the floors on both sides of it, each ratio printed, and their mean.
    const fl2 = values['skip-floor'] ? noFloor : await floor(corpus);
    const ratio = (secs: number) => `${(ing.secs / secs).toFixed(1)}×`;
    const mean = (fl.secs + fl2.secs) / 2;
    const vsFloor = Number.isNaN(fl.secs) ? 'floor skipped' : `${ratio(fl.secs)} the floor before it, ${ratio(fl2.secs)} the floor after it (${fl2.secs.toFixed(1)} s), ${ratio(mean)} their mean`;
    console.log(`ingest: ${ing.secs.toFixed(1)} s = ${vsFloor}; DATA_DIR ${mb(data)} = ${(data / textBytes).toFixed(1)}× text; ` +
      `ingest process peak RSS ${mb(ing.nodeRss)}, each worker child's peak RSS ${mb(ing.workersRss)}, engine peak RSS ${mb(ing.engineRss)}, peak anonymous ${mb(ing.engineAnon)}`);
    console.log(`phrase table: ${ing.phraseTable || 'not reported'}`);
    const again = await ingestCli(corpus, dataDir);
    console.log(`re-ingest of unchanged files: ${again.secs.toFixed(1)} s (process start included)`);
    // The portal over that DATA_DIR, and three new files ingested by another process while it serves.
    const phrases = stockPhrases();
    const few = await generateCorpus(3, path.join(PROJECT_ROOT, 'bench', 'out', `few-${docs}`), 4242);
    for (const f of readdirSync(few)) renameSync(path.join(few, f), path.join(few, `new-${f}`));
    const sv = await serving({
      dataDir,
      atStart: phrases.slice(0, 40),
      afterIngest: phrases.slice(40, 80),
      expectAtLeast: docs,
      ingestFew: async () => void (await ingestCli(few, dataDir)),
    });
    // The slowest answers with their place in the sequence: a first answer that pays for something
    // left cold reads differently from one in the middle (the machine, a collection).
    const slowest = (ms: number[], asked: string[]) =>
      ms.map((v, i) => ({ v, i })).sort((a, b) => b.v - a.v).slice(0, 3).map(({ v, i }) => `#${i + 1} ${asked[i]} ${v.toFixed(0)}`).join(', ');
    const line = (ms: number[], asked: string[]) =>
      `p50 ${pct(ms, 50).toFixed(0)} ms, p99 ${pct(ms, 99).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms (${ms.length} phrases, each once; slowest: ${slowest(ms, asked)})`;
    console.log(`serving: /health answered ${sv.readySecs.toFixed(1)} s after the start (copy of the texts in); 原文 long common phrases at start: ${line(sv.atStart, phrases.slice(0, 40))}`);
    console.log(`serving: after \`npm run ingest\` of 3 files while serving (${sv.ingestSecs.toFixed(1)} s): ${line(sv.afterIngest, phrases.slice(40, 80))}; answers counted every document: ${sv.countsOk}`);
    for (const b of sv.batches) console.log(`engine ${b}`);
    console.log(`serving: engine peak RSS ${mb(sv.engine.rss)}, peak anonymous ${mb(sv.engine.anon)}; portal peak RSS ${mb(sv.portal.rss)}; copy: ${sv.copyLog.join(' | ')}`);
    const lat = await searchLatency(dataDir);
    for (const mode of ['exact', 'words'] as const) {
      const l = lat[mode];
      console.log(`search ${mode === 'exact' ? '原文' : '词语'}: ${l.n} queries, p50 ${l.p50.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms, max ${l.max.toFixed(1)} ms; long frequent phrases p99 ${l.longP99.toFixed(1)} ms; slowest (query#round ms): ${l.slowest}`);
    }
    for (const kind of ['suggest', 'didYouMean'] as const) {
      const l = lat[kind];
      console.log(`${kind === 'suggest' ? 'suggest (phrases as you type)' : 'did-you-mean (search + correction)'}: ${l.n} requests, p50 ${l.p50.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms, max ${l.max.toFixed(1)} ms; slowest ${l.slowest}`);
    }
    console.log(`examples: ${lat.examples}`);
    console.log(`summary ${docs}: ingest÷floor ${ratio(fl.secs)} before / ${ratio(fl2.secs)} after / ${ratio(mean)} mean, DATA_DIR÷text ${(data / textBytes).toFixed(1)}×, ` +
      `engine peak RSS ${mb(ing.engineRss)} / anonymous ${mb(ing.engineAnon)} (ingest), ${mb(sv.engine.rss)} / ${mb(sv.engine.anon)} (serving), ingest RSS ${mb(ing.nodeRss)} + each worker ${mb(ing.workersRss)}, ` +
      `原文 long phrases once each: at start max ${Math.max(...sv.atStart).toFixed(0)} ms, after an ingestion max ${Math.max(...sv.afterIngest).toFixed(0)} ms; 原文 p99 ${lat.exact.p99.toFixed(0)} ms, 词语 p99 ${lat.words.p99.toFixed(0)} ms, suggest p99 ${lat.suggest.p99.toFixed(0)} ms`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
