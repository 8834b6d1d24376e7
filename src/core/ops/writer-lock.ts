// One writer at a time. Ingestion (CLI, `npm start`, the watcher) and uploads from the portal take
// the same lock before they write to the indexes, so a second writer waits with a message or refuses
// with one line naming the running one — never a raw request error, never interleaved writes.
//
// Two kinds, combined by the CLIs (src/cli/runtime.ts → writerLock()):
// - dataDirLock: DATA_DIR/writer.lock (proper-lockfile: an atomic mkdir whose mtime the holder keeps
//   fresh; a holder that died leaves a stale lock that the next writer takes over), and the holder's
//   description in DATA_DIR/writer.json.
// - engineIndexLock: for an external engine shared by several hosts, an index `<index>_writer_lock`
//   (creating an index is atomic in Meilisearch: exactly one of two creations succeeds) holding one
//   document that describes the holder and carries its heartbeat.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Meilisearch } from 'meilisearch';
import lockfile from 'proper-lockfile';
import { AppError } from '../errors.js';
import { waitTask } from '../meili/client.js';

export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the holder took the lock. */
  since: string;
  /** What it is doing: `npm run ingest`, `npm start`, `watch`, `upload` … */
  purpose: string;
}

export type Release = () => Promise<void>;

export interface AcquireOptions {
  purpose: string;
  /** true: wait until the lock is free (onWait is told once who holds it); false: refuse at once. */
  wait: boolean;
  onWait?: (holder: LockHolder | null) => void;
  /** Give up waiting after this long (WriterBusyError). Default: wait as long as it takes. */
  timeoutMs?: number;
  pollMs?: number;
}

export interface WriterLock {
  acquire(opts: AcquireOptions): Promise<Release>;
}

export function describeHolder(h: LockHolder | null): string {
  if (!h) return '另一个写入进程（刚刚开始，尚未登记）';
  const since = new Date(h.since);
  const at = Number.isNaN(since.getTime()) ? h.since : since.toLocaleString('zh-CN', { hour12: false });
  return `${h.purpose}（pid ${h.pid}${h.host === os.hostname() ? '' : `，主机 ${h.host}`}，自 ${at} 起）`;
}

/** Refused because another writer holds the lock; the message names it. A 409 for the portal. */
export class WriterBusyError extends AppError {
  constructor(readonly holder: LockHolder | null) {
    super(`索引正在被写入：${describeHolder(holder)}。请等它结束后再试。`, 409, 'writer_busy');
  }
}

export function currentHolder(purpose: string): LockHolder {
  return { pid: process.pid, host: os.hostname(), since: new Date().toISOString(), purpose };
}

/** Tries `tryOnce` until it returns a release, waiting (and telling onWait once) or refusing. */
async function acquireWith(tryOnce: () => Promise<Release | LockHolder | null>, opts: AcquireOptions): Promise<Release> {
  const deadline = opts.timeoutMs === undefined ? Infinity : Date.now() + opts.timeoutMs;
  let told = false;
  for (;;) {
    const r = await tryOnce();
    if (typeof r === 'function') return r;
    if (!opts.wait || Date.now() > deadline) throw new WriterBusyError(r);
    if (!told) {
      opts.onWait?.(r);
      told = true;
    }
    await new Promise((res) => setTimeout(res, opts.pollMs ?? 1000));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export const WRITER_LOCK_FILE = 'writer.lock';
export const WRITER_HOLDER_FILE = 'writer.json';

export function dataDirLock(dataDir: string, opts: { staleMs?: number; onCompromised?: (err: Error) => void } = {}): WriterLock {
  const lockPath = path.join(dataDir, WRITER_LOCK_FILE);
  const holderPath = path.join(dataDir, WRITER_HOLDER_FILE);
  const readHolder = (): LockHolder | null => {
    try {
      return JSON.parse(readFileSync(holderPath, 'utf8')) as LockHolder;
    } catch {
      return null;
    }
  };
  const options = { realpath: false, lockfilePath: lockPath, stale: opts.staleMs ?? 30_000 };
  const tryOnce = async (purpose: string): Promise<Release | LockHolder | null> => {
    mkdirSync(dataDir, { recursive: true });
    try {
      const release = await lockfile.lock(dataDir, {
        ...options,
        // The default throws from a timer; a compromised lock (the machine slept past `stale`) is reported instead.
        onCompromised: opts.onCompromised ?? ((err) => console.error(`写入锁失效：${err.message}`)),
      });
      const me = currentHolder(purpose);
      writeFileSync(holderPath, JSON.stringify(me) + '\n');
      return async () => {
        if (readHolder()?.pid === me.pid) rmSync(holderPath, { force: true });
        await release().catch(() => {});
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
      const holder = readHolder();
      // A holder on this host that no longer exists (killed with SIGKILL): its lock is stale now,
      // not `stale` ms from now.
      if (holder && holder.host === os.hostname() && holder.pid !== process.pid && !alive(holder.pid)) {
        rmSync(holderPath, { force: true });
        rmSync(lockPath, { recursive: true, force: true });
        return tryOnce(purpose);
      }
      return holder;
    }
  };
  return { acquire: (o) => acquireWith(() => tryOnce(o.purpose), o) };
}

interface HolderDoc extends LockHolder {
  id: 'holder';
  heartbeat: number;
}

/** The lock index of `index` on a shared engine. */
export const lockIndexName = (index: string) => `${index}_writer_lock`;

export function engineIndexLock(client: Meilisearch, index: string, opts: { staleMs?: number; heartbeatMs?: number } = {}): WriterLock {
  const uid = lockIndexName(index);
  const staleMs = opts.staleMs ?? 60_000;
  const heartbeatMs = opts.heartbeatMs ?? Math.floor(staleMs / 4);
  const readHolder = async (): Promise<{ holder: HolderDoc | null; createdAt: number }> => {
    const info = await client.getRawIndex(uid).catch(() => null);
    const createdAt = info ? Date.parse(info.createdAt as unknown as string) : Date.now();
    const holder = await client.index(uid).getDocument<HolderDoc>('holder').catch(() => null);
    return { holder, createdAt };
  };
  const tryOnce = async (purpose: string): Promise<Release | LockHolder | null> => {
    const task = await client.tasks.getTask((await client.createIndex(uid, { primaryKey: 'id' })).taskUid);
    let created = true;
    try {
      await waitTask(client, task.uid);
    } catch (err) {
      if (!/index_already_exists/.test((err as Error).message)) throw err;
      created = false;
    }
    if (!created) {
      const { holder, createdAt } = await readHolder();
      const last = holder?.heartbeat ?? createdAt;
      // Stopped beating, or a holder on this host that no longer exists (killed; or a lock index that
      // came back with a dump restored after a backup that held it).
      const gone = holder !== null && holder.host === os.hostname() && holder.pid !== process.pid && !alive(holder.pid);
      if (gone || Date.now() - last > staleMs) {
        // The holder stopped beating (it crashed or lost the engine): take the lock over.
        await waitTask(client, (await client.deleteIndex(uid)).taskUid);
        return tryOnce(purpose);
      }
      return holder;
    }
    const me: HolderDoc = { id: 'holder', ...currentHolder(purpose), heartbeat: Date.now() };
    await waitTask(client, (await client.index(uid).addDocuments([me])).taskUid);
    const beat = setInterval(() => {
      client.index(uid).updateDocuments([{ id: 'holder', heartbeat: Date.now() }]).catch(() => {});
    }, heartbeatMs);
    beat.unref();
    return async () => {
      clearInterval(beat);
      await client
        .deleteIndex(uid)
        .then((t) => waitTask(client, t.taskUid))
        .catch(() => {});
    };
  };
  return { acquire: (o) => acquireWith(() => tryOnce(o.purpose), o) };
}

/** Takes the locks in order (and gives them back in reverse); refusing or waiting as each says. */
export function combinedLock(...locks: WriterLock[]): WriterLock {
  return {
    async acquire(opts) {
      const held: Release[] = [];
      try {
        for (const l of locks) held.push(await l.acquire(opts));
      } catch (err) {
        for (const r of held.reverse()) await r();
        throw err;
      }
      return async () => {
        for (const r of held.reverse()) await r();
      };
    },
  };
}

/** Runs `fn` holding the lock. */
export async function withWriterLock<T>(lock: WriterLock, opts: AcquireOptions, fn: () => Promise<T>): Promise<T> {
  const release = await lock.acquire(opts);
  try {
    return await fn();
  } finally {
    await release();
  }
}
