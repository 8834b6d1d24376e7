// Untrusted files are read in a child process, never in the portal or the ingester itself: a reader
// that runs out of memory, loops, or crashes in native code (a future OCR engine, a PDF library)
// ends the child only, and the file gets a reason of its own (解析超时, 解析所需内存超过…). Why a
// child process and not a worker thread: a worker shares the process, so a native crash or native
// memory (onnxruntime, a spawned converter's pipes) is not contained, and a worker's heap limit is
// enforced by V8 alone; a child is contained by the OS, its whole memory (RSS) can be watched, and
// it can be killed outright. The child is started once and reused file after file (starting one
// costs 1–2 s with tsx compiling the readers; a file then costs 1.5–3 ms more than in-process,
// measured on the sample summaries), started again after it was killed, let go after a quiet minute.
// Limits: the V8 heap (--max-old-space-size), the child's resident memory polled from /proc, an
// idle limit that every progress report of the reader resets, and an overall cap per file.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BadInputError } from '../../src/core/errors.js';
import type { DecodedDoc } from '../types.js';
import type { ReadReply, ReadRequest } from './isolation-protocol.js';
import type { ReadContext } from './reader.js';

export interface IsolationLimits {
  /** The child's whole resident memory (MB); its V8 heap gets this less what Node itself takes. */
  memoryMb: number;
  /** Seconds a reader may go without a progress report (a sign of life) before it is stopped. */
  idleSeconds: number;
  /** Seconds one file may take in all, progress or not. */
  timeoutSeconds: number;
}

export interface IsolatedReaderOptions extends IsolationLimits {
  /** The child's entry module (default: read-child.ts, the reader registry); tests give a misbehaving one. */
  entry?: string;
  /** A child with no file for this long exits (it is started again on the next file). */
  quitAfterIdleMs?: number;
}

/** What Node, tsx and the readers' modules take before any file (measured: ~70 MB RSS). */
const BASELINE_MB = 96;
/** No reader needs more JavaScript heap than this (they stream); the rest of the budget is native memory (OCR). */
const MAX_HEAP_MB = 512;
/** How often the child's resident memory is read while it works. */
const RSS_POLL_MS = 100;
const STARTUP_TIMEOUT_MS = 60_000;

const here = path.dirname(fileURLToPath(import.meta.url));
/** The child runs the TypeScript sources as the parent does (tsx's ESM loader, by file URL: independent of the cwd). */
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

type Outcome = { kind: 'idle' | 'timeout' | 'memory' } | null;

export class IsolatedReader {
  private child: ChildProcess | null = null;
  private starting: Promise<ChildProcess> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private nextId = 1;
  private quitTimer: NodeJS.Timeout | null = null;
  private stderrTail = '';
  /** Children started so far (tests and the benchmark read it). */
  spawned = 0;
  /** The highest resident memory (MB) a child reached, read from the kernel after each file. */
  peakRssMb = 0;

  constructor(private readonly opts: IsolatedReaderOptions) {}

  /** Reads one file in the child; files are read one after another. */
  read(file: { relPath: string; bytes: Buffer }, progress?: ReadContext['progress'], options?: ReadContext['options']): Promise<DecodedDoc> {
    this.pending++;
    if (this.quitTimer) clearTimeout(this.quitTimer);
    const job = this.queue.then(() => this.readOne(file, progress, options));
    this.queue = job.catch(() => {});
    return job.finally(() => {
      if (--this.pending === 0) this.idle();
    });
  }

  /** The child's pid while one runs (tests). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Stops the child (a CLI exiting, a test's end). */
  close(): void {
    if (this.quitTimer) clearTimeout(this.quitTimer);
    this.child?.kill('SIGKILL');
    this.child = null;
  }

  private idle(): void {
    // An idle child never keeps the process alive, and lets go of its memory after a while.
    this.child?.unref();
    (this.child?.channel as { unref?: () => void } | undefined)?.unref?.();
    this.quitTimer = setTimeout(() => this.close(), this.opts.quitAfterIdleMs ?? 60_000);
    this.quitTimer.unref();
  }

  private start(): Promise<ChildProcess> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null && this.child.connected) {
      this.child.ref();
      (this.child.channel as { ref?: () => void } | undefined)?.ref?.();
      return Promise.resolve(this.child);
    }
    this.starting ??= new Promise<ChildProcess>((resolve, reject) => {
      const heapMb = Math.max(32, Math.min(MAX_HEAP_MB, this.opts.memoryMb - BASELINE_MB));
      const child = fork(this.opts.entry ?? path.join(here, 'read-child.ts'), [], {
        execArgv: ['--import', tsxLoader, `--max-old-space-size=${heapMb}`, '--max-semi-space-size=4'],
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      this.spawned++;
      this.stderrTail = '';
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (s: string) => {
        this.stderrTail = (this.stderrTail + s).slice(-4096);
      });
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error('解析进程未能启动（超时）'));
      }, STARTUP_TIMEOUT_MS);
      child.once('message', () => {
        clearTimeout(timer);
        this.child = child;
        resolve(child);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (this.child === child) this.child = null;
        reject(new Error(`解析进程未能启动（退出：${signal ?? code}）：${this.stderrTail.trim().split('\n').pop() ?? ''}`));
      });
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`解析进程未能启动：${err.message}`));
      });
    }).finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async readOne(file: { relPath: string; bytes: Buffer }, progress?: ReadContext['progress'], options?: ReadContext['options']): Promise<DecodedDoc> {
    const child = await this.start();
    const id = this.nextId++;
    const { idleSeconds, timeoutSeconds, memoryMb } = this.opts;
    return new Promise<DecodedDoc>((resolve, reject) => {
      let stopped: Outcome = null;
      const stop = (kind: NonNullable<Outcome>['kind']) => {
        stopped ??= { kind };
        child.kill('SIGKILL');
      };
      let idleTimer = setTimeout(() => stop('idle'), idleSeconds * 1000);
      const capTimer = setTimeout(() => stop('timeout'), timeoutSeconds * 1000);
      const rssTimer = setInterval(() => {
        const rss = procStatusMb(child.pid, 'VmRSS');
        if (rss !== null && rss > memoryMb) stop('memory');
      }, RSS_POLL_MS);
      const finish = () => {
        this.peakRssMb = Math.max(this.peakRssMb, procStatusMb(child.pid, 'VmHWM') ?? 0);
        clearTimeout(idleTimer);
        clearTimeout(capTimer);
        clearInterval(rssTimer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      const onMessage = (m: ReadReply) => {
        if (m.id !== id) return;
        if (m.type === 'progress') {
          clearTimeout(idleTimer);
          idleTimer = setTimeout(() => stop('idle'), idleSeconds * 1000);
          progress?.(m.done, m.total);
          return;
        }
        finish();
        if (m.type === 'done') resolve(m.doc);
        else reject(m.badInput ? new BadInputError(m.message) : new Error(m.message));
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        finish();
        if (this.child === child) this.child = null;
        reject(this.refusal(stopped, code, signal));
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
      const req: ReadRequest = { id, relPath: file.relPath, bytes: file.bytes, ...(options ? { options } : {}) };
      child.send(req, (err) => {
        // The child died before it took the file; its exit gives the reason.
        if (err) child.kill('SIGKILL');
      });
    });
  }

  /** Why the child ended while it read a file, as the file's reason. */
  private refusal(stopped: Outcome, code: number | null, signal: NodeJS.Signals | null): BadInputError {
    const { idleSeconds, timeoutSeconds, memoryMb } = this.opts;
    if (stopped?.kind === 'idle') return new BadInputError(`解析超时：${idleSeconds} 秒没有进展，已停止（PARSE_IDLE_SECONDS）`);
    if (stopped?.kind === 'timeout') return new BadInputError(`解析超时：超过 ${timeoutSeconds} 秒，已停止（PARSE_TIMEOUT_SECONDS）`);
    if (stopped?.kind === 'memory' || /heap out of memory|Allocation failed/i.test(this.stderrTail)) {
      return new BadInputError(`解析所需内存超过 ${memoryMb} MB，已停止（PARSE_MEMORY_MB）`);
    }
    return new BadInputError(`解析时读取程序异常退出（${signal ?? `退出码 ${code}`}），已停止`);
  }
}

/** Resident memory (VmRSS) or its peak (VmHWM) of a process in MB from /proc (Linux); null where there is none. */
function procStatusMb(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number | null {
  if (!pid) return null;
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}
