// Content-addressed files under DATA_DIR/blobs: the original bytes of every ingested file and its
// cleaned text live here, not in the search engine (they were ~40% of the engine's database and
// no search reads them; only the viewer and the download do). A blob's name is the sha256 of its
// bytes, so writing is idempotent, two documents with the same text share one file, and a reader
// can check what it got. Ingestion writes a blob before the record that names it is enqueued and
// removes blobs no record names only at the end of a run (collectGarbage), so a search never sees
// a record whose blob is missing.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdir, rename, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';

const HASH = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class BlobStore {
  readonly dir: string;
  /** DATA_DIR itself, where small files beside the blobs live (the learned boilerplate lines). */
  readonly dataDir: string;
  /** Scratch space of an ingestion run beside the blobs (same disk as DATA_DIR, not a RAM-backed /tmp). */
  readonly spoolDir: string;
  /** Fan-out folders known to exist (put() makes each once). */
  private readonly dirs = new Set<string>();

  constructor(dataDir: string) {
    this.dataDir = dataDir;
    this.dir = path.join(dataDir, 'blobs');
    this.spoolDir = path.join(dataDir, 'ingest-spool');
  }

  private pathOf(hash: string): string {
    if (!HASH.test(hash)) throw new Error(`not a blob name: ${hash}`);
    return path.join(this.dir, hash.slice(0, 2), hash);
  }

  has(hash: string): boolean {
    return HASH.test(hash) && existsSync(this.pathOf(hash));
  }

  /**
   * put() without blocking this thread: creating a file took ~1.3 ms of the ingester's main thread
   * on the test machine's disk, two blobs a file, ~50 s of an ingestion of 20,000 files. The writes
   * of several files then overlap, in libuv's threads.
   */
  async putAsync(data: Buffer | string): Promise<string> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const hash = sha256Hex(bytes);
    const file = this.pathOf(hash);
    if (existsSync(file)) {
      const now = new Date();
      await utimes(file, now, now);
      return hash;
    }
    const dir = path.dirname(file);
    if (!this.dirs.has(dir)) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      this.dirs.add(dir);
    }
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, bytes, { mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFile(tmp, bytes, { mode: 0o600 });
    }
    await rename(tmp, file);
    return hash;
  }

  /** Stores the bytes (once) and returns their sha256. Atomic: a reader never sees half a file. */
  put(data: Buffer | string): string {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const hash = sha256Hex(bytes);
    const file = this.pathOf(hash);
    if (existsSync(file)) {
      // Touch it: garbage collection spares blobs a running ingestion has just (re)used.
      const now = new Date();
      utimesSync(file, now, now);
      return hash;
    }
    const dir = path.dirname(file);
    // 256 fan-out folders: each made (or found) once per process, not once per blob.
    if (!this.dirs.has(dir)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      this.dirs.add(dir);
    }
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      writeFileSync(tmp, bytes, { mode: 0o600 });
    } catch (err) {
      // The folder went away under a long-lived store (a restore replaced the blobs): made again.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(tmp, bytes, { mode: 0o600 });
    }
    renameSync(tmp, file);
    return hash;
  }

  /** The bytes of a blob, or null when there is none (verified against the name). */
  get(hash: string): Buffer | null {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.pathOf(hash));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    if (sha256Hex(bytes) !== hash) throw new Error(`blob ${hash} is damaged (its content no longer matches its name)`);
    return bytes;
  }

  getText(hash: string): string | null {
    return this.get(hash)?.toString('utf8') ?? null;
  }

  /**
   * Removes every blob not in `keep` (and stray temporary files) last modified before
   * `olderThanMs` (epoch ms); returns how many and their bytes.
   */
  collectGarbage(keep: ReadonlySet<string>, olderThanMs = Date.now()): { removed: number; bytes: number } {
    let removed = 0;
    let bytes = 0;
    let shards: string[];
    try {
      shards = readdirSync(this.dir);
    } catch {
      return { removed, bytes };
    }
    for (const shard of shards) {
      const shardDir = path.join(this.dir, shard);
      for (const name of readdirSync(shardDir)) {
        if (keep.has(name)) continue;
        const file = path.join(shardDir, name);
        const st = statSync(file);
        if (st.mtimeMs >= olderThanMs) continue;
        bytes += st.size;
        rmSync(file, { force: true });
        removed++;
      }
    }
    return { removed, bytes };
  }
}
