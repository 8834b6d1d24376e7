// npm run bench [-- --docs N]: ingestion throughput, index size, search latency per mode and the
// cost of the exact-match representation, on a generated archive in a throw-away engine.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../src/core/config.js';
import { createClient, waitTask } from '../src/core/meili/client.js';
import { parseSearchParams } from '../src/web/query/search-params.js';
import { sectionSettings, type SectionRecord } from '../src/core/index-schema.js';
import { EXACT_FIELDS } from '../src/core/exact-grams.js';
import { processFile } from '../ingest/process-file.js';
import { lexiconTerms, loadSynonyms } from '../src/core/text/lexicon.js';
import { startTestEngine } from '../test/helpers/engine.js';
import { generateCorpus } from './generate-corpus.js';
import { EVAL_QUERIES } from './recall-queries.js';

const { values } = parseArgs({ options: { docs: { type: 'string', default: '300' }, rounds: { type: 'string', default: '3' } } });
const docs = Number(values.docs);
const rounds = Number(values.rounds);
const corpus = await generateCorpus(docs, path.join(PROJECT_ROOT, 'bench', 'out', `generated-${docs}`));
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const du = (dir: string) => Number(execFileSync('du', ['-sb', dir]).toString().split('\t')[0]);
const peakRss = (pid: number) => {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
  return m ? Number(m[1]) * 1024 : NaN;
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const engine = await startTestEngine();
try {
  const corpusBytes = readdirSync(corpus).reduce((n, f) => n + readFileSync(path.join(corpus, f)).length, 0);
  console.log(`corpus: ${docs} generated documents, ${mb(corpusBytes)}`);

  const t0 = performance.now();
  const report = await engine.ingest([corpus]);
  const secs = (performance.now() - t0) / 1000;
  const admin = createClient({ url: engine.url, apiKey: engine.masterKey }, 600_000);
  const stats = await admin.getStats();
  console.log(`ingest: ${report.indexed} documents, ${report.sectionsWritten} sections in ${secs.toFixed(1)} s ` +
    `(${(report.indexed / secs).toFixed(1)} docs/s, ${(report.sectionsWritten / secs).toFixed(0)} sections/s)`);
  console.log(`index: engine database ${mb(stats.databaseSize)}, data dir ${mb(du(engine.dataDir))}`);
  console.log(`memory: node peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}, meilisearch peak RSS ${mb(peakRss(engine.pid))}`);

  // A second run over unchanged files: what `npm start` pays every time.
  const t1 = performance.now();
  await engine.ingest([corpus]);
  console.log(`re-ingest of unchanged files: ${((performance.now() - t1) / 1000).toFixed(1)} s`);

  const search = engine.deps().search;
  for (const mode of ['words', 'exact'] as const) {
    const times: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const { q } of EVAL_QUERIES) {
        const s = performance.now();
        await search.search(parseSearchParams({ q, mode, year: r === 2 ? ['2020', '2023'] : [] }));
        times.push(performance.now() - s);
      }
    }
    console.log(`search ${mode}: ${times.length} queries, p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`);
  }

  // The cost of the exact-match representation: the same records into two fresh indexes of the
  // same engine, one with the 1-/2-gram fields searchable and one without them.
  const records: SectionRecord[][] = [];
  for (const f of readdirSync(corpus)) records.push((await processFile({ relPath: f, bytes: readFileSync(path.join(corpus, f)) })).documents.flatMap((d) => d.sections));
  const exactFields: readonly string[] = EXACT_FIELDS;
  const variants = [
    { name: 'bench_with_exact', strip: [] as readonly string[] },
    { name: 'bench_without_exact', strip: exactFields },
  ];
  const figures: string[] = [];
  for (const v of variants) {
    await waitTask(admin, (await admin.createIndex(v.name, { primaryKey: 'id' })).taskUid);
    const settings = sectionSettings({ dictionary: lexiconTerms(), synonyms: loadSynonyms() });
    settings.searchableAttributes = settings.searchableAttributes!.filter((a) => !v.strip.includes(a));
    await waitTask(admin, (await admin.index(v.name).updateSettings(settings)).taskUid);
    const before = (await admin.getStats()).databaseSize;
    const t = performance.now();
    const tasks: number[] = [];
    for (const r of records) {
      const docs = r.map((rec) => Object.fromEntries(Object.entries(rec).filter(([k]) => !v.strip.includes(k))));
      tasks.push((await admin.index(v.name).addDocuments(docs)).taskUid);
    }
    for (const uid of tasks) await waitTask(admin, uid);
    figures.push(`${v.name}: indexing ${((performance.now() - t) / 1000).toFixed(1)} s, database +${mb((await admin.getStats()).databaseSize - before)}`);
  }
  console.log(`exact-match representation (same ${records.flat().length} sections, engine time only): ${figures.join('; ')}`);
} finally {
  await engine.stop();
}
