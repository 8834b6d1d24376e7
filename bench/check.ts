// npm run bench:check [-- --docs 20000] [--keep]: how fast 查重 answers for a 5,000-character
// draft, and 类似表述 for a section, against a generated archive. Prints the figures and keeps them
// in bench/RESULTS.md (section "查重 and 类似表述") with the machine. The engine is throw-away, or
// with --keep lives under bench/out/engine-check-N so a second run skips the (long) ingestion.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, PROJECT_ROOT } from '../src/core/config.js';
import { createClient } from '../src/core/meili/client.js';
import { startEmbeddedMeili } from '../src/core/meili/embedded.js';
import { buildAppDeps } from '../src/cli/runtime.js';
import { parseSearchParams } from '../src/web/query/search-params.js';
import { runIngest } from '../ingest/run.js';
import { startTestEngine } from '../test/helpers/engine.js';
import { generateCorpus, rng } from './generate-corpus.js';
import { BlobStore } from '../src/core/blob-store.js';

const { values } = parseArgs({ options: { docs: { type: 'string', default: '2000' }, drafts: { type: 'string', default: '6' }, keep: { type: 'boolean', default: false } } });
const docs = Number(values.docs);
const draftCount = Number(values.drafts);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const peakRss = (pid: number) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/)?.[1] ?? NaN) * 1024;


const corpus = await generateCorpus(docs, path.join(PROJECT_ROOT, 'bench', 'out', `generated-${docs}`));
const engine = values.keep ? await keptEngine(path.join(PROJECT_ROOT, 'bench', 'out', `engine-check-${docs}`)) : await startTestEngine();

async function keptEngine(dir: string) {
  const e = await startEmbeddedMeili({ dataDir: dir, bin: loadConfig().MEILI_BIN });
  const admin = createClient({ url: e.url, apiKey: e.masterKey }, 600_000);
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir });
  return {
    ...e,
    ingest: (inputs: string[]) => runIngest({ client: admin, index: config.MEILI_INDEX, documentsIndex: config.documentsIndex, inputs, blobs: new BlobStore(dir) }),
    deps: () => buildAppDeps(config, { url: e.url, adminKey: e.masterKey }),
  };
}
const lines: string[] = [];
const say = (s: string) => {
  console.log(s);
  lines.push(s);
};
try {
  const t0 = performance.now();
  const report = await engine.ingest([corpus]);
  console.log(`ingest: ${report.indexed} documents, ${report.sectionsWritten} sections in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  const deps = engine.deps();
  const sectionTotal = (await deps.search.search(parseSearchParams({ q: '', perPage: 1 }))).total;

  // Archive sentences to copy (verbatim or with two characters changed) and a pool of characters
  // from which new sentences are drawn at random (they stand nowhere in the archive).
  const sample = await deps.search.search(parseSearchParams({ q: '', perPage: 100, page: 3 }));
  const sentences = sample.hits.flatMap((h) => h.text.match(/[^。\n]{20,80}。/g) ?? []);
  const pool = Array.from(new Set(Array.from(sentences.join('').replace(/[，。、；：\d]/g, ''))));
  const rand = rng(11);
  const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)]!;
  const fresh = () => Array.from({ length: 25 + Math.floor(rand() * 20) }, () => pick(pool)).join('') + '。';
  const drafts: string[] = [];
  for (let d = 0; d < draftCount; d++) {
    let text = '';
    while (text.length < 5000) {
      const r = rand();
      if (r < 0.3) text += pick(sentences);
      else if (r < 0.45) {
        const s = Array.from(pick(sentences));
        s.splice(Math.floor(s.length / 2), 2, '切', '实');
        text += s.join('');
      } else text += fresh();
      if (rand() < 0.2) text += '\n';
    }
    drafts.push(text.slice(0, 5000));
  }

  const times: number[] = [];
  const probes: number[] = [];
  for (const [i, draft] of drafts.entries()) {
    const s = performance.now();
    const r = await deps.check.check(draft);
    const ms = performance.now() - s;
    if (i > 0) times.push(ms); // the first one warms the engine's caches
    probes.push(r.work.probes);
    console.log(`  draft ${i + 1}: ${draft.length} chars, ${ms.toFixed(0)} ms, rate ${(r.ratio * 100).toFixed(1)}%, ${r.passages.length} passages, ${r.stockPhrases.length} 常用表述, ${r.work.probes} probes, ${r.work.sections} sections aligned`);
  }

  const ids = (await deps.search.search(parseSearchParams({ q: '', perPage: 40, page: 7 }))).hits.filter((h) => h.text.length > 60).map((h) => h.id);
  const simTimes: number[] = [];
  for (const id of ids.slice(0, 20)) {
    const s = performance.now();
    await deps.check.similar(id);
    simTimes.push(performance.now() - s);
  }

  say(`### 查重 and 类似表述 — ${docs.toLocaleString('en')} generated documents (${sectionTotal.toLocaleString('en')} sections)`);
  say('');
  say(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
  say('');
  say('| figure | value |');
  say('| --- | --- |');
  say(`| 查重 of a 5,000-character draft (${times.length} drafts after one warm-up) | p50 ${pct(times, 50).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms |`);
  say(`| engine look-ups per draft | ${Math.min(...probes)}–${Math.max(...probes)} exact probes (+1 request for the 常用表述 counts) |`);
  say(`| 类似表述 of a section (${simTimes.length} sections) | p50 ${pct(simTimes, 50).toFixed(0)} ms, p95 ${pct(simTimes, 95).toFixed(0)} ms |`);
  say(`| meilisearch peak RSS | ${(peakRss(engine.pid) / 2 ** 20).toFixed(0)} MB |`);
  say(`| load average while measuring (other work on the machine) | ${os.loadavg()[0]!.toFixed(1)} |`);
  say('');
  say('Drafts: 30% archive sentences verbatim, 15% with two characters changed, the rest new text. The generated');
  say('archive recombines the sample corpus, so every archive sentence stands in thousands of documents: a worst case');
  say('for the probes (every one hits) and for 常用表述 (most copied text is stock there).');

  const file = path.join(PROJECT_ROOT, 'bench', 'RESULTS.md');
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n\nThe latest figures of each benchmark, with the machine they were measured on.\n';
  const marker = '### 查重 and 类似表述';
  const kept = before.includes(marker) ? before.slice(0, before.indexOf(marker)).trimEnd() : before.trimEnd();
  writeFileSync(file, `${kept}\n\n${lines.join('\n')}\n`);
} finally {
  await engine.stop();
}
