// Watched archive: chokidar reports additions, changes and removals under the archive folder; they
// are gathered into batches (a quiet period after the last event, and never two runs at once), so a
// burst of hundreds of copied files becomes one or two ingestion runs. What a batch does (take the
// writer lock, ingest, prune the removed files) is the caller's.
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { SUPPORTED_EXTENSIONS } from '../src/core/formats.js';

export interface ArchiveChanges {
  /** Relative paths (forward slashes) added or changed. */
  changed: Set<string>;
  /** Relative paths of removed files, and of removed folders with a trailing slash. */
  removed: Set<string>;
}

export interface ArchiveWatcherOptions {
  dir: string;
  /** Quiet time after the last event before a batch runs. */
  debounceMs?: number;
  /** A file must keep its size this long before it counts (a copy in progress is not ingested half-written). */
  stabilityMs?: number;
  /** Poll instead of file-system events (network shares and some container bind mounts report none). */
  usePolling?: boolean;
  onBatch: (changes: ArchiveChanges) => Promise<void>;
  onError?: (err: unknown) => void;
}

export interface ArchiveWatcher {
  /** Resolves once the initial scan is done and events are reported. */
  ready: Promise<void>;
  /** Resolves when no batch is pending or running. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Hidden files, Word's lock files (~$…) and unsupported types are not documents (as in read.ts). */
export function isArchiveFile(relPath: string): boolean {
  const base = path.posix.basename(relPath);
  if (base.startsWith('.') || base.startsWith('~$')) return false;
  return SUPPORTED_EXTENSIONS.includes(path.posix.extname(base).toLowerCase());
}

export function watchArchive(opts: ArchiveWatcherOptions): ArchiveWatcher {
  const root = path.resolve(opts.dir);
  const debounceMs = opts.debounceMs ?? 1000;
  let pending: ArchiveChanges = { changed: new Set(), removed: new Set() };
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let closed = false;
  let idleWaiters: Array<() => void> = [];

  const rel = (p: string) => path.relative(root, p).split(path.sep).join('/');
  const hasPending = () => pending.changed.size + pending.removed.size > 0;
  const settleIdle = () => {
    if (!timer && !running && !hasPending()) {
      for (const w of idleWaiters) w();
      idleWaiters = [];
    }
  };
  const schedule = () => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void run();
    }, debounceMs);
  };
  const run = async () => {
    // One run at a time: events during a run wait for the next batch.
    if (running || !hasPending()) return settleIdle();
    const batch = pending;
    pending = { changed: new Set(), removed: new Set() };
    running = opts.onBatch(batch).catch((err) => opts.onError?.(err));
    await running;
    running = null;
    if (hasPending()) schedule();
    settleIdle();
  };

  const watcher: FSWatcher = watch(root, {
    ignoreInitial: true,
    usePolling: opts.usePolling ?? false,
    interval: 1000,
    awaitWriteFinish: { stabilityThreshold: opts.stabilityMs ?? 500, pollInterval: 100 },
    ignored: (p, stats) => {
      const base = path.basename(p);
      if (p !== root && (base.startsWith('.') || base.startsWith('~$'))) return true;
      return Boolean(stats?.isFile() && !isArchiveFile(rel(p)));
    },
  });
  const onFile = (p: string) => {
    const r = rel(p);
    if (!isArchiveFile(r)) return;
    pending.removed.delete(r);
    pending.changed.add(r);
    schedule();
  };
  watcher.on('add', onFile).on('change', onFile);
  watcher.on('unlink', (p) => {
    const r = rel(p);
    if (!isArchiveFile(r)) return;
    pending.changed.delete(r);
    pending.removed.add(r);
    schedule();
  });
  watcher.on('unlinkDir', (p) => {
    pending.removed.add(rel(p) + '/');
    schedule();
  });
  watcher.on('error', (err) => opts.onError?.(err));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  return {
    ready,
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      }),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await watcher.close();
      await running;
    },
  };
}

/** Whether a removed-paths set covers `sourceFile` (the file itself, or a folder above it). */
export function coversRemoved(removed: ReadonlySet<string>, sourceFile: string): boolean {
  if (removed.has(sourceFile)) return true;
  for (const r of removed) if (r.endsWith('/') && sourceFile.startsWith(r)) return true;
  return false;
}
