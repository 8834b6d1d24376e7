// The portal as staff meet it, for `npm run bench`: `npm run serve` started over a DATA_DIR that
// an ingestion filled, and long 原文 phrases found in every document asked once each (a) as soon as
// /health answers and (b) right after `npm run ingest` added a few files in another process while
// the portal served. Each phrase is asked once: no answer comes from the portal's minute-long memory
// of a verification. Also samples the engine's memory (resident and anonymous) the whole time.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import getPort from 'get-port';
import { PROJECT_ROOT } from '../src/core/config.js';

/** Resident memory of a process from /proc (bytes): all of it, its anonymous part, and the peak. */
export interface ProcMem {
  rss: number;
  anon: number;
  hwm: number;
}

export function procMem(pid: number): ProcMem {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(s.match(new RegExp(`${k}:\\s+(\\d+) kB`))?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), anon: kb('RssAnon'), hwm: kb('VmHWM') };
  } catch {
    return { rss: 0, anon: 0, hwm: 0 };
  }
}

export function childPids(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((t) =>
      readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/** A process's command name (/proc/<pid>/comm), '' once it is gone. */
export function commOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Peaks of a process tree's members sampled every 100 ms (a peak between samples can be missed; VmHWM cannot). */
export class MemSampler {
  /** Peak RSS (VmHWM, exact) and peak anonymous memory (sampled) of the sampled processes. */
  readonly peak = { rss: 0, anon: 0 };
  private readonly timer: NodeJS.Timeout;
  constructor(pids: () => number[]) {
    this.timer = setInterval(() => {
      for (const pid of pids()) {
        const m = procMem(pid);
        this.peak.rss = Math.max(this.peak.rss, m.hwm);
        this.peak.anon = Math.max(this.peak.anon, m.anon);
      }
    }, 100);
  }
  stop(): { rss: number; anon: number } {
    clearInterval(this.timer);
    return this.peak;
  }
}

export interface ServingResult {
  /** From the spawn of `npm run serve` to /health answering (the copy of the texts is in by then). */
  readySecs: number;
  /** ms per phrase asked in the first seconds after start. */
  atStart: number[];
  /** ms per phrase asked right after the ingestion of a few files. */
  afterIngest: number[];
  /** Seconds the ingestion of the few files took (process start included). */
  ingestSecs: number;
  /** Whether every answer counted at least `expectAtLeast` sections. */
  countsOk: boolean;
  engine: { rss: number; anon: number };
  portal: { rss: number; anon: number };
  /** The portal's log lines about its copy of the texts (loads and steps, with their times). */
  copyLog: string[];
  /** The engine's own account of the ingestion's batches: where its time went. */
  batches: string[];
}

/** Duration strings of the engine's progress trace ("1.2s", "350.1ms", "12µs") in seconds. */
const seconds = (d: string): number => {
  const m = d.match(/^([\d.]+)(s|ms|µs|ns|m)$/);
  if (!m) return 0;
  return Number(m[1]) * ({ s: 1, ms: 1e-3, µs: 1e-6, ns: 1e-9, m: 60 } as Record<string, number>)[m[2]!]!;
};

/** The document-addition batches the engine remembers (its task store survives restarts): duration, size, slowest steps. */
export async function engineBatches(dataDir: string): Promise<string[]> {
  const url = (JSON.parse(readFileSync(path.join(dataDir, 'engine.json'), 'utf8')) as { url: string }).url;
  const key = readFileSync(path.join(dataDir, 'master-key'), 'utf8').trim();
  const r = await fetch(`${url}/batches?limit=100&types=documentAdditionOrUpdate`, { headers: { Authorization: `Bearer ${key}` } });
  const body = (await r.json()) as { results: Array<{ uid: number; duration: string | null; details: { receivedDocuments?: number }; stats: { totalNbTasks: number; indexUids: Record<string, number>; progressTrace?: Record<string, string> } }> };
  return body.results
    .filter((b) => (b.details.receivedDocuments ?? 0) > 0)
    .reverse()
    .map((b) => {
      const steps = Object.entries(b.stats.progressTrace ?? {})
        .filter(([k]) => k.split(' > ').length === 3 && k.startsWith('processing tasks > indexing'))
        .map(([k, v]) => [k.split(' > ')[2]!, seconds(v)] as const)
        .sort((x, y) => y[1] - x[1])
        .slice(0, 4)
        .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
        .join(', ');
      return `batch ${b.uid} (${Object.keys(b.stats.indexUids).join(',')}, ${b.stats.totalNbTasks} tasks, ${b.details.receivedDocuments} records): ${b.duration ?? '?'}; ${steps}`;
    });
}

export async function serving(opts: {
  dataDir: string;
  atStart: string[];
  afterIngest: string[];
  /** Sections every phrase is found in, at least (a sanity check of the answers). */
  expectAtLeast: number;
  /** Runs `npm run ingest` of a few new files against the same DATA_DIR (another process). */
  ingestFew: () => Promise<void>;
}): Promise<ServingResult> {
  const port = await getPort({ host: '127.0.0.1' });
  const t0 = performance.now();
  // Exactly what `npm run serve` runs (its node flags size the young generation), without npm's own process.
  const script = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.serve!;
  const [bin, ...args] = script.split(/\s+/);
  if (bin !== 'node') throw new Error(`unexpected serve script: ${script}`);
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATA_DIR: opts.dataDir, PORT: String(port), HOST: '127.0.0.1', AUTH: 'off', MEILI_URL: '', NODE_ENV: 'production', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const copyLog: string[] = [];
  let out = '';
  const onLine = (b: Buffer) => {
    out += b.toString();
    const lines = out.split('\n');
    out = lines.pop()!;
    for (const l of lines) if (l.includes('原文校验副本')) copyLog.push((l.match(/"msg":"([^"]*)"/)?.[1] ?? l).slice(0, 200));
  };
  child.stdout!.on('data', onLine);
  child.stderr!.on('data', onLine);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const engineMem = new MemSampler(() => childPids(child.pid!));
  const portalMem = new MemSampler(() => [child.pid!]);
  const base = `http://127.0.0.1:${port}`;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm run serve exited with ${child.exitCode}`);
      try {
        if ((await fetch(`${base}/health`)).ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const readySecs = (performance.now() - t0) / 1000;
    const batches = await engineBatches(opts.dataDir).catch((err: unknown) => [`batches unavailable: ${(err as Error).message}`]);
    let countsOk = true;
    const ask = async (phrases: string[]) => {
      const ms: number[] = [];
      for (const q of phrases) {
        const s = performance.now();
        const r = await fetch(`${base}/api/search?mode=exact&q=${encodeURIComponent(q)}`);
        const body = (await r.json()) as { total?: number };
        ms.push(performance.now() - s);
        if (!r.ok || (body.total ?? 0) < opts.expectAtLeast) countsOk = false;
      }
      return ms;
    };
    const atStart = await ask(opts.atStart);
    const i0 = performance.now();
    await opts.ingestFew();
    const ingestSecs = (performance.now() - i0) / 1000;
    const afterIngest = await ask(opts.afterIngest);
    return { readySecs, atStart, afterIngest, ingestSecs, countsOk, engine: engineMem.stop(), portal: portalMem.stop(), copyLog, batches };
  } finally {
    engineMem.stop();
    portalMem.stop();
    child.kill('SIGTERM');
    await exited;
  }
}
