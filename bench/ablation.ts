// npx tsx bench/ablation.ts [--docs 1000 --only name,name]: what holds the engine's bytes. The same
// section records go into a fresh engine per variant (one field or one setting changed at a time);
// each variant reports indexing time, engine peak RSS (VmHWM) and the size of every LMDB database
// of the index (mdb_stat from Debian's lmdb-utils, when installed). Figures, not a test: the
// machine is shared, so compare ratios within one run.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import getPort from 'get-port';
import type { Settings } from 'meilisearch';
import { PROJECT_ROOT } from '../src/core/config.js';
import { createClient, waitTask } from '../src/core/meili/client.js';
import { documentSettings, sectionSettings, type SectionRecord } from '../src/core/index-schema.js';
import { resolveMeiliBinary } from '../src/core/meili/embedded.js';
import { processFile } from '../ingest/process-file.js';
import { lexiconTerms, loadSynonyms } from '../src/core/text/lexicon.js';
import { generateCorpus } from './generate-corpus.js';

const { values } = parseArgs({
  options: { docs: { type: 'string', default: '1000' }, only: { type: 'string', default: '' } },
});
const docs = Number(values.docs);
const only = values.only ? new Set(values.only.split(',')) : null;
const mb = (b: number) => (b / 1024 / 1024).toFixed(1);

const corpus = await generateCorpus(docs, path.join(PROJECT_ROOT, 'bench', 'out', `generated-${docs}`));
const sections: SectionRecord[] = [];
let textBytes = 0;
const paragraphs: Array<{ id: string; text: string }> = [];
const documents: Array<Record<string, unknown>> = [];
for (const f of readdirSync(corpus).sort()) {
  for (const p of (await processFile({ relPath: f, bytes: readFileSync(path.join(corpus, f)) })).documents) {
  sections.push(...p.sections);
  // The documents index as it was (version 1): cleaned text and original bytes inside the engine.
  documents.push({ ...p.document, cleanedText: p.blobs.cleanedText, originalBase64: p.blobs.original.toString('base64') });
  textBytes += Buffer.byteLength(p.blobs.cleanedText);
  p.blobs.cleanedText.split('\n').forEach((t, i) => t.trim() && paragraphs.push({ id: `${p.document.docId}-${i}`, text: t }));
  }
}
console.log(`corpus: ${docs} documents, ${sections.length} sections, ${paragraphs.length} paragraphs, text ${mb(textBytes)} MB (UTF-8)`);
const json = (r: unknown[]) => r.reduce<number>((n, x) => n + Buffer.byteLength(JSON.stringify(x)), 0);
const fieldBytes: Record<string, number> = {};
for (const s of sections) for (const [k, v] of Object.entries(s)) fieldBytes[k] = (fieldBytes[k] ?? 0) + Buffer.byteLength(JSON.stringify(v));
console.log(`section JSON ${mb(json(sections))} MB = ${(json(sections) / textBytes).toFixed(1)}× text; per field: ` +
  Object.entries(fieldBytes).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${mb(v)}`).join(', '));

const base = () => sectionSettings({ dictionary: lexiconTerms(), synonyms: loadSynonyms() });
type Rec = Record<string, unknown>;
const strip = (fields: string[]) => (r: Rec) => Object.fromEntries(Object.entries(r).filter(([k]) => !fields.includes(k)));
const withoutSearchable = (s: Settings, fields: string[]) => ({ ...s, searchableAttributes: s.searchableAttributes!.filter((a) => !fields.includes(a)) });
const distinctChars = (r: Rec) => ({ ...strip(['x1'])(r), chars: [...new Set(Array.from(`${r.heading}\n${r.text}`))] });
// Records are built by the current code; the "as before" variants turn the array fields back
// into the space-joined strings of schema version 1.
const asStrings = (r: Rec) => ({ ...r, subwords: ([] as string[]).concat(r.subwords as string[]).join(' '), x1: ([] as string[]).concat(r.x1 as string[]).join(' ') });
const granular = [
  { attributePatterns: ['id', 'docId', 'sourceFile', 'period', 'orgType', 'themes', 'level'], features: { facetSearch: false, filter: { equality: true, comparison: false } } },
  { attributePatterns: ['year'], features: { facetSearch: false, filter: { equality: true, comparison: true } } },
];
const lean: Settings = { prefixSearch: 'disabled', facetSearch: false, filterableAttributes: granular };

interface Variant {
  name: string;
  what: string;
  records: () => Rec[];
  settings: () => Settings;
  args?: string[];
  primaryKey?: string;
}
const all = sections as unknown as Rec[];
const VARIANTS: Variant[] = [
  { name: 'floor', what: 'raw paragraphs {id,text}, Chinese locale, defaults', records: () => paragraphs, settings: () => ({ localizedAttributes: [{ attributePatterns: ['*'], locales: ['cmn'] }] }) },
  { name: 'floor-lean', what: 'floor + prefix off + byAttribute', records: () => paragraphs, settings: () => ({ localizedAttributes: [{ attributePatterns: ['*'], locales: ['cmn'] }], prefixSearch: 'disabled', proximityPrecision: 'byAttribute' }) },
  { name: 'current', what: 'current schema (heading,text,subwords,x1,x2)', records: () => all, settings: base },
  { name: '-x1', what: 'current without x1', records: () => all.map(strip(['x1'])), settings: () => withoutSearchable(base(), ['x1']) },
  { name: '-x2', what: 'current without x2', records: () => all.map(strip(['x2'])), settings: () => withoutSearchable(base(), ['x2']) },
  { name: '-subwords', what: 'current without subwords', records: () => all.map(strip(['subwords'])), settings: () => withoutSearchable(base(), ['subwords']) },
  { name: 'words-only', what: 'heading,text,subwords (no x1,x2)', records: () => all.map(strip(['x1', 'x2'])), settings: () => withoutSearchable(base(), ['x1', 'x2']) },
  { name: 'exact-only', what: 'x1,x2 only (no heading,text,subwords searchable)', records: () => all.map(strip(['subwords'])), settings: () => withoutSearchable(base(), ['heading', 'text', 'subwords']) },
  { name: 'heading-text', what: 'heading,text only', records: () => all.map(strip(['x1', 'x2', 'subwords'])), settings: () => withoutSearchable(base(), ['x1', 'x2', 'subwords']) },
  { name: 'no-prefix', what: 'current + prefixSearch disabled', records: () => all, settings: () => ({ ...base(), prefixSearch: 'disabled' }) },
  { name: 'no-facetsearch', what: 'current + facetSearch false', records: () => all, settings: () => ({ ...base(), facetSearch: false }) },
  { name: 'lean', what: 'current + prefix off + facetSearch off + granular filters', records: () => all, settings: () => ({ ...base(), ...lean }) },
  { name: 'byattr', what: 'current + proximityPrecision byAttribute (breaks 原文 phrases)', records: () => all, settings: () => ({ ...base(), proximityPrecision: 'byAttribute' }) },
  { name: 'no-segmented', what: 'current without the stored-only fields segmented, keywords', records: () => all.map(strip(['segmented'])), settings: base },
  { name: 'words-lean-byattr', what: 'words index of a split: heading,text,subwords + lean + byAttribute', records: () => all.map(strip(['x1', 'x2', 'segmented'])), settings: () => ({ ...withoutSearchable(base(), ['x1', 'x2']), ...lean, proximityPrecision: 'byAttribute' }) },
  { name: 'words-lean', what: 'heading,text,subwords + lean (byWord)', records: () => all.map(strip(['x1', 'x2', 'segmented'])), settings: () => ({ ...withoutSearchable(base(), ['x1', 'x2']), ...lean }) },
  { name: 'x2-lean', what: 'exact index of a split: x2 only + lean, byWord', records: () => all.map(strip(['x1', 'subwords', 'segmented'])), settings: () => ({ ...withoutSearchable(base(), ['heading', 'text', 'subwords', 'x1']), ...lean }) },
  {
    name: 'x2-chars-lean', what: 'x2 + distinct-characters filter field instead of x1, lean',
    records: () => all.map(strip(['subwords', 'segmented'])).map(distinctChars),
    settings: () => ({ ...withoutSearchable(base(), ['heading', 'text', 'subwords', 'x1']), ...lean, filterableAttributes: [...granular, { attributePatterns: ['chars'], features: { facetSearch: false, filter: { equality: true, comparison: false } } }] }),
  },
  { name: 'x1x2-lean', what: 'x1,x2 + lean, byWord', records: () => all.map(strip(['subwords', 'segmented'])), settings: () => ({ ...withoutSearchable(base(), ['heading', 'text', 'subwords']), ...lean }) },
  { name: 'strings', what: 'current, but subwords and x1 as space-joined strings as in schema 1 (pair-proximity entries between all of them)', records: () => all.map(asStrings), settings: base },
  { name: 'exact-eng', what: 'current, x1/x2 declared Latin (locale eng: no language detection)', records: () => all, settings: () => ({ ...base(), localizedAttributes: [...base().localizedAttributes!, { attributePatterns: ['x1', 'x2'], locales: ['eng'] }] }) },
  { name: 'sw-hardsep', what: 'current, subwords joined by 。 (a hard separator) instead of spaces', records: () => all.map((r) => ({ ...r, subwords: String(r.subwords).split(' ').join('。') })), settings: base },
  { name: 'current-mem256', what: 'current, --max-indexing-memory 256MiB', records: () => all, settings: base, args: ['--max-indexing-memory', '256MiB'] },
  { name: 'lean-mem256', what: 'lean, --max-indexing-memory 256MiB', records: () => all, settings: () => ({ ...base(), ...lean }), args: ['--max-indexing-memory', '256MiB'] },
  { name: 'docs-current', what: 'documents index as now (cleanedText + originalBase64)', records: () => documents, settings: documentSettings, primaryKey: 'docId' },
  { name: 'docs-meta', what: 'documents index, metadata only', records: () => documents.map(strip(['cleanedText', 'originalBase64'])), settings: documentSettings, primaryKey: 'docId' },
];

function peakRss(pid: number): number {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
  return m ? Number(m[1]) * 1024 : NaN;
}

/** Bytes per LMDB database of one index (branch + leaf + overflow pages). */
function lmdbDatabases(file: string): Record<string, number> {
  const out: Record<string, number> = {};
  let text: string;
  try {
    text = execFileSync('mdb_stat', ['-a', '-n', file], { maxBuffer: 1 << 24 }).toString();
  } catch {
    return out;
  }
  const page = Number(text.match(/Page size: (\d+)/)?.[1] ?? 4096);
  for (const block of text.split(/^Status of /m).slice(1)) {
    const name = block.split('\n')[0]!.trim();
    const n = (k: string) => Number(block.match(new RegExp(`${k}: (\\d+)`))?.[1] ?? 0);
    out[name] = (n('Branch pages') + n('Leaf pages') + n('Overflow pages')) * page;
  }
  return out;
}

async function run(v: Variant) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dj-abl-'));
  const port = await getPort({ host: '127.0.0.1' });
  const key = 'ablation-master-key-0123456789';
  const child = spawn(resolveMeiliBinary(), ['--db-path', path.join(dir, 'db'), '--http-addr', `127.0.0.1:${port}`, '--no-analytics', '--log-level', 'WARN', '--http-payload-size-limit', '500MB', ...(v.args ?? [])], {
    stdio: 'ignore',
    env: { MEILI_MASTER_KEY: key },
  });
  try {
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try { if ((await fetch(`${url}/health`)).ok) break; } catch { /* not yet */ }
      if (i > 300) throw new Error('engine did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const admin = createClient({ url, apiKey: key }, 600_000);
    await waitTask(admin, (await admin.createIndex('i', { primaryKey: v.primaryKey ?? 'id' })).taskUid);
    await waitTask(admin, (await admin.index('i').updateSettings(v.settings())).taskUid);
    const records = v.records();
    const sent = json(records);
    const t0 = performance.now();
    const tasks: number[] = [];
    // ~500 sections a request: like the ingester's many small tasks, which the engine batches.
    for (let i = 0; i < records.length; i += 500) tasks.push((await admin.index('i').addDocuments(records.slice(i, i + 500))).taskUid);
    for (const t of tasks) await waitTask(admin, t, 3_600_000);
    const secs = (performance.now() - t0) / 1000;
    const stats = await admin.getStats();
    const onDisk = Number(execFileSync('du', ['-sb', dir]).toString().split('\t')[0]);
    const idxDir = path.join(dir, 'db', 'indexes');
    const uuid = readdirSync(idxDir)[0]!;
    const mdb = path.join(idxDir, uuid, 'data.mdb');
    const dbs = existsSync(mdb) ? lmdbDatabases(mdb) : {};
    const used = Object.values(dbs).reduce((a, b) => a + b, 0);
    const top = Object.entries(dbs).sort((a, b) => b[1] - a[1]).filter(([, b]) => b > 0.02 * used).map(([n, b]) => `${n} ${mb(b)}`);
    console.log(`\n## ${v.name} — ${v.what}`);
    console.log(`  sent ${mb(sent)} MB (${(sent / textBytes).toFixed(1)}× text), indexing ${secs.toFixed(1)} s, databaseSize ${mb(stats.databaseSize)} MB (${(stats.databaseSize / textBytes).toFixed(1)}× text), used pages ${mb(used)} MB (${(used / textBytes).toFixed(1)}×), data dir ${mb(onDisk)} MB (${(onDisk / textBytes).toFixed(1)}×), engine peak RSS ${mb(peakRss(child.pid!))} MB`);
    console.log(`  databases: ${top.join(', ')}`);
  } finally {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const v of VARIANTS) if (!only || only.has(v.name)) await run(v);
