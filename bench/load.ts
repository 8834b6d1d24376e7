// npm run bench:load [-- --docs 300 --connections 32 --seconds 60 --indexing-threads N]: 32 clients on
// search and viewer pages (and the search API) for 60 s while `npm run ingest -- --rebuild` runs again and
// again in another process, against a throw-away embedded engine on loopback. Prints the figures and
// keeps the latest in bench/RESULTS.md. Loopback only; every process it starts is stopped.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadConfig, PROJECT_ROOT } from '../src/core/config.js';
import { createLogger } from '../src/core/logger.js';
import { createClient } from '../src/core/meili/client.js';
import { buildAppDeps, openEngine } from '../src/cli/runtime.js';
import { createApp } from '../src/web/app.js';
import { runIngest } from '../ingest/run.js';
import { generateCorpus } from './generate-corpus.js';
import { EVAL_QUERIES } from './recall-queries.js';
import { BlobStore } from '../src/core/blob-store.js';

const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '300' },
    connections: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '60' },
    'indexing-threads': { type: 'string' },
    // For finding where time goes: no rebuild, or one kind of page only (search | api | viewer).
    'no-rebuild': { type: 'boolean', default: false },
    only: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
  },
});
const docs = Number(values.docs);
const connections = Number(values.connections);
const seconds = Number(values.seconds);
const threads = values['indexing-threads'] ? Number(values['indexing-threads']) : undefined;

const corpus = await generateCorpus(docs, path.join(PROJECT_ROOT, 'bench', 'out', `generated-${docs}`));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dj-load-'));
const config = loadConfig({ ...process.env, DATA_DIR: dataDir, MEILI_URL: '', MEILI_MAX_INDEXING_THREADS: threads ? String(threads) : '', NODE_ENV: 'production' });
const engine = await openEngine(config);
const readEnginePid = () => (JSON.parse(readFileSync(path.join(dataDir, 'engine.json'), 'utf8')) as { pid: number }).pid;
const children = new Set<ReturnType<typeof spawn>>();
let server: import('node:http').Server | undefined;
try {
  const admin = createClient({ url: engine.url, apiKey: engine.adminKey }, 600_000);
  const first = await runIngest({ client: admin, index: config.MEILI_INDEX, documentsIndex: config.documentsIndex, inputs: [corpus], blobs: new BlobStore(config.DATA_DIR) });
  console.log(`corpus: ${first.indexed} documents, ${first.sectionsWritten} sections`);

  // The portal as npm start runs it: production, one JSON log line per request (to a file here).
  const logFile = path.join(dataDir, 'requests.log');
  const logger = createLogger({ level: 'info' }, createWriteStream(logFile));
  const app = createApp({ ...buildAppDeps(config, engine), logger });
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;

  // Search pages, API searches and viewer pages opened at a query, in turn.
  const ids = ((await (await fetch(`${base}/api/documents`)).json()) as { documents: Array<{ docId: string }> }).documents.map((d) => d.docId);
  // Every kind of query of the recall evaluation, words and exact mode in turn.
  const queries = EVAL_QUERIES.filter((_, i) => i % 4 === 0);
  const requests = queries.flatMap((q, i) => {
    const qs = new URLSearchParams({ q: q.q, mode: i % 2 ? 'exact' : 'words' }).toString();
    const all = { search: { path: `/?${qs}` }, api: { path: `/api/search?${qs}` }, viewer: { path: `/documents/${ids[i % ids.length]}?${qs}` } };
    return values.only ? [all[values.only as keyof typeof all]] : Object.values(all);
  });

  // Rebuilds in another process, as an operator would run them, back to back until the load ends.
  const rebuilds: number[] = [];
  let loadRunning = !values['no-rebuild'];
  const rebuildLoop = (async () => {
    while (loadRunning) {
      const t = Date.now();
      const code = await new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/cli/ingest.ts'), '--rebuild', corpus], {
          cwd: PROJECT_ROOT,
          env: { ...process.env, MEILI_URL: engine.url, MEILI_MASTER_KEY: engine.adminKey, DATA_DIR: dataDir },
          stdio: 'ignore',
        });
        children.add(child);
        child.on('exit', (c) => (children.delete(child), resolve(c)));
      });
      if (code !== 0) throw new Error(`rebuild exited with ${code}`);
      rebuilds.push((Date.now() - t) / 1000);
    }
  })();

  await new Promise((r) => setTimeout(r, 2000)); // the first rebuild is under way
  const cpu0 = process.cpuUsage();
  const engineCpu = () => {
    const f = readFileSync(`/proc/${readEnginePid()}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) * 10; // utime + stime, clock ticks (100/s) → ms
  };
  const e0 = engineCpu();
  const result = await autocannon({ url: base, connections, duration: seconds, requests, timeout: 10 });
  const cpu = process.cpuUsage(cpu0);
  const perReq = (ms: number) => (ms / result.requests.total).toFixed(1);
  const cpuLine = `CPU per request: portal ${perReq((cpu.user + cpu.system) / 1000)} ms, engine ${perReq(engineCpu() - e0)} ms (the engine's includes the rebuild's indexing)`;
  loadRunning = false;
  await rebuildLoop;

  const lat = result.latency;
  const errors = result.errors + result.timeouts + result.non2xx;
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' / ');
  const lines = [
    `- ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, Meilisearch 1.21.0 embedded` +
      (threads ? ` with --max-indexing-threads ${threads}` : ' (default indexing threads)'),
    `- ${connections} connections for ${seconds} s on search pages, /api/search and viewer pages (${requests.length} distinct URLs, in turn), ` +
      `${first.indexed} documents / ${first.sectionsWritten} sections, while \`npm run ingest -- --rebuild\` ran ${rebuilds.length} times back to back in another process (${rebuilds.map((s) => s.toFixed(0) + ' s').join(', ')})`,
    `- requests: ${result.requests.total} (${result.requests.average.toFixed(0)}/s); errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`,
    `- latency: p50 ${lat.p50} ms, p90 ${lat.p90} ms, p99 ${lat.p99} ms, max ${lat.max} ms`,
    `- ${cpuLine}`,
    `- machine load average at the end (1 / 5 / 15 min): ${load} — other engineers' tests and benchmarks share this 2-core machine, so figures vary from run to run`,
  ];
  console.log(lines.join('\n'));
  const verdict = errors === 0 && lat.p99 <= 300 ? 'target met: zero errors, p99 ≤ 300 ms' : `target (zero errors, p99 ≤ 300 ms) NOT met: ${errors} errors, p99 ${lat.p99} ms`;
  lines.push(`- ${verdict}`);
  if (!values['no-write'] && !values['no-rebuild'] && !values.only) writeResults(lines);
} finally {
  for (const c of children) c.kill('SIGTERM');
  server?.close();
  server?.closeAllConnections();
  await engine.close();
  rmSync(dataDir, { recursive: true, force: true });
}

/** Replaces this benchmark's section of bench/RESULTS.md (the latest run is what is kept). */
function writeResults(lines: string[]): void {
  const file = path.join(PROJECT_ROOT, 'bench', 'RESULTS.md');
  const begin = '<!-- bench:load begin -->';
  const end = '<!-- bench:load end -->';
  const section = `${begin}\n## Load during a rebuild (\`npm run bench:load\`)\n\n${lines.join('\n')}\n${end}`;
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results (latest run of each)\n';
  const next = old.includes(begin) ? old.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), section) : `${old.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}
