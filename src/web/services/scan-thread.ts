// The portal's worker thread for counting, in its copy of the texts, the sections that hold a long
// 原文 phrase (scan-worker.mjs). Started on first use and never holding the process open; if it
// fails, the count is made on the main thread as before, so a broken thread costs speed, never an
// answer.
import { Worker } from 'node:worker_threads';

/** What the thread reads (a TextCopy): its packed texts and section offsets, shared, and the same count on this thread. */
export interface Scannable {
  readonly shared: { texts: SharedArrayBuffer; starts: SharedArrayBuffer };
  countContaining(needle: string): number;
}

const THREAD = new URL('./scan-worker.mjs', import.meta.url);

export class ScanThread {
  private worker: Worker | null = null;
  private broken = false;
  private next = 0;
  private readonly pending = new Map<number, { resolve: (n: number) => void; reject: (e: Error) => void }>();

  /** How many sections of `copy` hold `needle` (no line break in it): TextCopy.countContaining, off the main thread. */
  async count(copy: Scannable, needle: string): Promise<number> {
    const worker = this.start();
    if (!worker || needle === '') return copy.countContaining(needle);
    const id = this.next++;
    try {
      return await new Promise<number>((resolve, reject) => {
        // Held open while it owes an answer (an await on it alone must not see the process end), not when idle.
        if (this.pending.size === 0) worker.ref();
        this.pending.set(id, { resolve, reject });
        worker.postMessage({ id, needle, ...copy.shared });
      });
    } catch {
      return copy.countContaining(needle);
    }
  }

  /** Ends the thread; later counts are made on the main thread. */
  close(): void {
    this.broken = true;
    const worker = this.worker;
    this.worker = null;
    this.rejectAll(new Error('scan thread closed'));
    void worker?.terminate();
  }

  private rejectAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private start(): Worker | null {
    if (this.worker || this.broken) return this.worker;
    // No TypeScript loader (plain JavaScript), a small heap: the texts are shared, not in it.
    const worker = new Worker(THREAD, { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: 32 } });
    worker.unref();
    worker.on('message', (m: { id: number; count?: number; error?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (m.error !== undefined || m.count === undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.count);
    });
    const fail = (err: Error) => {
      if (this.worker !== worker) return;
      this.broken = true;
      this.worker = null;
      this.rejectAll(err);
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error('scan thread exited')));
    this.worker = worker;
    return worker;
  }
}
