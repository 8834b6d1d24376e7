// The records of a run are written to spool files on disk while files are processed, and handed
// to the engine only at the end, each spool file streamed as one request. Why: the engine folds
// every enqueued request into its next batch, and every batch after the first rewrites the
// posting lists the earlier ones wrote; the database file (LMDB, copy-on-write) keeps both
// copies' pages and never shrinks. Sent while processing, a 1,000-document archive went in four
// batches and left a file 1.8 times its data; from the spool it is one batch (a very large
// archive: one as long as it fits the engine's payload limit, see payload.ts). Memory stays
// flat: nothing is held in RAM.
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeSync, createReadStream } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Meilisearch } from 'meilisearch';
import { MAX_REQUEST_BYTES } from '../src/core/meili/payload.js';

/** Below the engine's payload limit (payload.ts): an archive of ~100,000 documents is one request. */
const MAX_SPOOL_FILE_BYTES = MAX_REQUEST_BYTES;

export interface SpoolSegment<T> {
  file: string;
  bytes: number;
  /** What the caller attached to the lines of this segment (the files whose records they are). */
  items: T[];
}

export class Spool<T> {
  private readonly dir: string;
  private segments: SpoolSegment<T>[] = [];
  private fd: number | null = null;
  private n = 0;

  constructor(parentDir: string, private readonly name: string) {
    mkdirSync(parentDir, { recursive: true });
    this.dir = mkdtempSync(path.join(parentDir, `${name}-`));
  }

  /** Appends NDJSON lines that belong to `item` (kept in one segment). */
  write(lines: string[], item: T): void {
    const text = lines.map((l) => l + '\n').join('');
    const bytes = Buffer.byteLength(text);
    let seg = this.segments.at(-1);
    if (!seg || this.fd === null || (seg.bytes > 0 && seg.bytes + bytes > MAX_SPOOL_FILE_BYTES)) {
      if (this.fd !== null) closeSync(this.fd);
      seg = { file: path.join(this.dir, `${this.name}-${this.n++}.ndjson`), bytes: 0, items: [] };
      this.fd = openSync(seg.file, 'w');
      this.segments.push(seg);
    }
    writeSync(this.fd, text);
    seg.bytes += bytes;
    seg.items.push(item);
  }

  /** Closes the spool and returns its segments (files stay until dispose()). */
  close(): SpoolSegment<T>[] {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    return this.segments.filter((s) => s.bytes > 0 && statSync(s.file).size > 0);
  }

  dispose(): void {
    this.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Streams one spool file to the engine as an NDJSON document addition; returns the task uid.
 * node:http with pipeline(), not fetch: fetch buffered the whole body (+60 MB at 2,000 documents).
 */
export async function enqueueSpoolFile(client: Meilisearch, indexUid: string, file: string): Promise<number> {
  const { host, apiKey } = client.config;
  const url = new URL(`${host.replace(/\/$/, '')}/indexes/${encodeURIComponent(indexUid)}/documents`);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = send(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-ndjson',
        'Content-Length': statSync(file).size,
        ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}),
      },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    pipeline(createReadStream(file), req).catch(reject);
  });
  let parsed: { taskUid?: number; message?: string; code?: string } = {};
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    // not JSON: reported below with the status
  }
  if (status < 200 || status >= 300 || parsed.taskUid === undefined) {
    throw new Error(`${parsed.code ?? `HTTP ${status}`}: ${parsed.message ?? 'document addition refused'}`);
  }
  return parsed.taskUid;
}
