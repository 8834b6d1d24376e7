// A large ingestion on every core: child processes decode plain text, clean, split, segment and
// build the records of the run's files (work-child.ts), while this process reads the files, reads
// other formats in the isolated reader, and writes blobs and spools. In one process an ingestion of
// 20,000 files kept one core busy for ~400 s while the other idled (bench/RESULTS.md); segmentation
// alone in children did not help, because the rest of a file's work then kept this process busy.
// Why child processes and not worker threads: nodejieba holds its ~235 MB of dictionaries per
// instance, and a thread's would count against the ingester's own 512 MB; a child is a process of
// its own, with its own heap limit, killed at the run's end. Why only for large runs: a child costs
// 1–2 s to start (tsx, jieba's dictionaries), far more than a few files take.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BadInputError } from '../src/core/errors.js';
import type { EdgeLine } from './boilerplate.js';
import type { SpoolReadyFile } from './spool-ready.js';
import type { DecodedDoc } from './types.js';
import type { WorkReply, WorkRequest } from './work-protocol.js';
import { workSettings } from './work-settings.js';

/** A pool for a run of `files` files to process, or null when the run does its work in-process. */
export function poolFor(files: number): WorkPool | null {
  const { processes, minFiles } = workSettings();
  return processes > 0 && files >= minFiles ? new WorkPool(processes) : null;
}

/** A child's V8 heap: the dictionaries' tables in JavaScript (~60 MB) and one file's work; jieba's own memory is native. */
const CHILD_HEAP_MB = 192;
const STARTUP_TIMEOUT_MS = 60_000;
const here = path.dirname(fileURLToPath(import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

type Request = WorkRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

interface Waiting {
  resolve: (m: WorkReply) => void;
  reject: (e: Error) => void;
}

class Child {
  readonly proc: ChildProcess;
  readonly ready: Promise<void>;
  readonly waiting = new Map<number, Waiting>();
  stderrTail = '';
  exited = false;

  constructor() {
    this.proc = fork(path.join(here, 'work-child.ts'), [], {
      execArgv: ['--import', tsxLoader, `--max-old-space-size=${CHILD_HEAP_MB}`, '--max-semi-space-size=8'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.proc.stderr!.setEncoding('utf8');
    this.proc.stderr!.on('data', (s: string) => {
      this.stderrTail = (this.stderrTail + s).slice(-4096);
    });
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.proc.kill('SIGKILL');
        reject(new Error('文件处理子进程未能启动（超时）'));
      }, STARTUP_TIMEOUT_MS);
      this.proc.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      this.proc.once('exit', () => {
        clearTimeout(timer);
        reject(new Error(`文件处理子进程未能启动：${this.lastError()}`));
      });
    });
    this.ready.catch(() => {});
    this.proc.on('message', (m: WorkReply) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) this.hold(false);
      w.resolve(m);
    });
    this.proc.on('error', () => {});
    this.proc.once('exit', (code, signal) => {
      this.exited = true;
      const err = new Error(`文件处理子进程异常退出（${signal ?? `退出码 ${code}`}）${this.lastError() ? `：${this.lastError()}` : ''}`);
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    });
  }

  lastError(): string {
    return this.stderrTail.trim().split('\n').pop() ?? '';
  }

  /** An idle child never keeps the ingester alive (a run that failed half-way still exits; the child follows on disconnect). */
  hold(busy: boolean): void {
    const channel = this.proc.channel as { ref?: () => void; unref?: () => void } | undefined;
    if (busy) {
      this.proc.ref();
      channel?.ref?.();
    } else {
      this.proc.unref();
      channel?.unref?.();
    }
  }
}

export class WorkPool {
  private readonly children: Child[] = [];
  private nextId = 1;
  private closed = false;
  private boilerplate: string[] = [];
  /** Children started so far (one that died is replaced on its next file, up to three times the pool). */
  spawned = 0;
  /** The highest resident memory (MB) a child reached, read from the kernel when the pool closes. */
  peakRssMb = 0;

  constructor(private readonly size: number) {
    for (let i = 0; i < size; i++) this.children.push(this.spawn());
  }

  /**
   * A plain-text file's head and foot lines (boilerplate.ts edgeCandidates), and the encoding it was
   * decoded with: given back to process() for the same bytes, it spares detecting it again.
   */
  async edges(relPath: string, bytes: Buffer): Promise<{ edgeLines: EdgeLine[]; encoding?: string }> {
    const m = (await this.ask({ type: 'edges', relPath, bytes })) as Extract<WorkReply, { type: 'edges' }>;
    return { edgeLines: m.edgeLines, ...(m.encoding ? { encoding: m.encoding } : {}) };
  }

  /** Cleaning from now on drops these learned lines (every child, before its next file). */
  setBoilerplate(keys: ReadonlySet<string>): void {
    this.boilerplate = [...keys];
    for (const c of this.children) this.tell(c, { type: 'boilerplate', keys: this.boilerplate });
  }

  /**
   * A whole file: plain text as bytes (with the `encoding` edges() found for these same bytes, if
   * known), any other format as the isolated reader `decoded` it.
   */
  async process(relPath: string, bytes: Buffer, given: { decoded?: DecodedDoc; encoding?: string } = {}): Promise<SpoolReadyFile> {
    const { decoded, encoding } = given;
    const m = await this.ask({ type: 'process', relPath, bytes, ...(decoded ? { decoded } : encoding ? { encoding } : {}) });
    return (m as Extract<WorkReply, { type: 'processed' }>).file;
  }

  /** The children's pids (tests). */
  pids(): number[] {
    return this.children.map((c) => c.proc.pid!).filter(Boolean);
  }

  /** Stops the children (the run's end); their peak memory is kept for the report. */
  close(): void {
    this.closed = true;
    for (const c of this.children) {
      this.peakRssMb = Math.max(this.peakRssMb, vmHwmMb(c.proc.pid));
      c.proc.kill('SIGKILL');
    }
  }

  private async ask(req: Request): Promise<WorkReply> {
    if (this.closed) throw new Error('文件处理子进程已关闭');
    // The child with the least work waiting (counted from the moment a file is handed over, so the
    // first files spread while the children still start): files differ in length by ten times.
    let at = 0;
    for (let i = 1; i < this.children.length; i++) if (this.children[i]!.waiting.size < this.children[at]!.waiting.size) at = i;
    // A child that died (its files were skipped with the reason) is replaced, within reason.
    if (this.children[at]!.exited) {
      if (this.spawned >= this.size * 3) throw new Error(`文件处理子进程反复异常退出：${this.children[at]!.lastError()}`);
      this.children[at] = this.spawn();
      if (this.boilerplate.length > 0) this.tell(this.children[at]!, { type: 'boilerplate', keys: this.boilerplate });
    }
    const m = await this.post(this.children[at]!, req);
    if (m.type === 'error') throw m.badInput ? new BadInputError(m.message) : new Error(m.message);
    return m;
  }

  /** Sends a request once the child is ready; resolves with its answer, rejects when the child dies first. */
  private post(child: Child, req: Request): Promise<WorkReply> {
    const id = this.nextId++;
    const answer = new Promise<WorkReply>((resolve, reject) => child.waiting.set(id, { resolve, reject }));
    child.hold(true);
    // Messages go out in the order they were posted (then-callbacks run in order): the boilerplate first.
    child.ready.then(
      () => {
        if (child.exited) return; // its exit rejected every waiting request
        child.proc.send({ ...req, id } as WorkRequest, (err) => {
          if (err) child.proc.kill('SIGKILL');
        });
      },
      (err: Error) => {
        const w = child.waiting.get(id);
        child.waiting.delete(id);
        w?.reject(err);
      },
    );
    return answer;
  }

  /** A message without an answer (the learned boilerplate). */
  private tell(child: Child, req: Request): void {
    child.ready.then(
      () => {
        if (!child.exited) child.proc.send({ ...req, id: 0 } as WorkRequest);
      },
      () => {},
    );
  }

  private spawn(): Child {
    this.spawned++;
    return new Child();
  }
}

/** A process's peak resident memory (MB) from /proc; 0 when it cannot be read. */
function vmHwmMb(pid: number | undefined): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}
