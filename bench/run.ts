// npm run bench [-- --docs N]: ingestion throughput, index size, search latency per mode and the
// cost of the exact-match representation, on a generated archive in a throw-away engine.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../src/config.js';
import { createClient, waitTask } from '../src/search/engine.js';
import { parseSearchParams } from '../src/search/query.js';
import { sectionSettings, type SectionRecord } from '../src/search/schema.js';
import { EXACT_FIELDS } from '../src/search/exact-grams.js';
import { processFile } from '../ingest/process-file.js';
import { lexiconTerms, loadSynonyms } from '../ingest/segment.js';
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

  // The same sections without the exact-match fields, in a second index of the same engine.
  const variant = 'sections_no_exact';
  await waitTask(admin, (await admin.createIndex(variant, { primaryKey: 'id' })).taskUid);
  const settings = sectionSettings({ dictionary: lexiconTerms(), synonyms: loadSynonyms() });
  const exactFields: readonly string[] = EXACT_FIELDS;
  settings.searchableAttributes = settings.searchableAttributes!.filter((a) => !exactFields.includes(a));
  await waitTask(admin, (await admin.index(variant).updateSettings(settings)).taskUid);
  const before = (await admin.getStats()).databaseSize;
  const t2 = performance.now();
  const tasks: number[] = [];
  for (const f of readdirSync(corpus)) {
    const p = await processFile({ relPath: f, bytes: readFileSync(path.join(corpus, f)) });
    const slim = p.sections.map((s: SectionRecord) => Object.fromEntries(Object.entries(s).filter(([k]) => !exactFields.includes(k))));
    tasks.push((await admin.index(variant).addDocuments(slim)).taskUid);
  }
  for (const t of tasks) await waitTask(admin, t);
  const slimSecs = (performance.now() - t2) / 1000;
  const slimStats = await admin.index(variant).getStats();
  const fullStats = await admin.index(engine.index).getStats();
  console.log(`exact-match representation: with it ${mb(fullStats.rawDocumentDbSize)} raw documents, ${secs.toFixed(1)} s ingest; ` +
    `without it ${mb(slimStats.rawDocumentDbSize)} raw documents, ${slimSecs.toFixed(1)} s ingest; ` +
    `engine database grew ${mb((await admin.getStats()).databaseSize - before)} for the slim copy vs ${mb(stats.databaseSize)} for everything`);
} finally {
  await engine.stop();
}
