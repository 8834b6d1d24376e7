// A large ingestion's files processed in child processes (ingest/work-pool.ts): what a child answers
// equals what the ingester makes in-process (the oracle: processFile on the same bytes), a child that
// dies costs only the file it held, and a run with children indexes exactly the records and skips
// exactly the files (with the same reasons) that processing them one by one in-process gives.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edgeCandidates, lineKey } from '../../ingest/boilerplate.js';
import { decode, stopIsolatedReader } from '../../ingest/decode.js';
import { processFile } from '../../ingest/process-file.js';
import { spoolReady, type SpoolReadyFile } from '../../ingest/spool-ready.js';
import { WorkPool } from '../../ingest/work-pool.js';
import { setWorkers, workSettings } from '../../ingest/work-settings.js';
import { BadInputError } from '../../src/core/errors.js';
import type { SectionRecord } from '../../src/core/index-schema.js';
import { createClient } from '../../src/core/meili/client.js';
import { FIXTURES_DIR, SAMPLE_DIR, startTestEngine, type TestEngine } from '../helpers/engine.js';

/** Plain text: the sample summaries and the encodings fixtures (GBK, Big5 in traditional script, UTF-16). */
const TEXT_DIRS = [SAMPLE_DIR, path.join(FIXTURES_DIR, 'encodings')];
/** Formats read in the isolated reader, good and broken. */
const OTHER_DIRS = [path.join(FIXTURES_DIR, 'docx'), path.join(FIXTURES_DIR, 'office')];
const filesIn = (dirs: string[]) => dirs.flatMap((d) => readdirSync(d).sort().map((name) => ({ name, bytes: readFileSync(path.join(d, name)) })));

/** The ingestion time is the one thing that differs between two processings of a file. */
const AT = /"ingestedAt":"[^"]*"/g;
const sameTime = (f: SpoolReadyFile) => ({
  ...f,
  documents: f.documents.map((d) => ({ ...d, document: { ...d.document, ingestedAt: '' }, documentLines: d.documentLines.map((l) => l.replace(AT, '"ingestedAt":""')) })),
});

afterAll(() => stopIsolatedReader());

describe('WorkPool', () => {
  it('answers for every plain-text file exactly what the ingester makes in-process', async () => {
    const files = filesIn(TEXT_DIRS);
    expect(files.length).toBeGreaterThanOrEqual(10);
    const pool = new WorkPool(2);
    try {
      // All at once, as a large run keeps several files in flight across both children.
      const got = await Promise.all(files.map((f) => pool.process(f.name, f.bytes)));
      for (const [i, f] of files.entries()) expect(sameTime(got[i]!)).toEqual(sameTime(spoolReady(await processFile({ relPath: f.name, bytes: f.bytes }))));
      const edges = await Promise.all(files.map((f) => pool.edges(f.name, f.bytes)));
      for (const [i, f] of files.entries()) {
        const decoded = await decode({ relPath: f.name, bytes: f.bytes });
        expect(edges[i]!.edgeLines).toEqual(edgeCandidates(decoded.lines.map((l) => l.text)));
        expect(edges[i]!.encoding, f.name).toBe(decoded.format === 'txt' ? decoded.encoding : undefined);
      }
      // A file's work given the encoding its learning pass found (a run's second read): the same answer.
      const hinted = await Promise.all(files.map((f, i) => pool.process(f.name, f.bytes, { ...(edges[i]!.encoding ? { encoding: edges[i]!.encoding } : {}) })));
      for (const [i, f] of files.entries()) expect(sameTime(hinted[i]!), f.name).toEqual(sameTime(got[i]!));
      expect(pool.spawned).toBe(2);
    } finally {
      pool.close();
    }
    expect(pool.peakRssMb).toBeGreaterThan(50);
  });

  it('processes text the isolated reader decoded (a .docx) as the ingester does, and learned boilerplate reaches the children', async () => {
    const [docx] = filesIn([path.join(FIXTURES_DIR, 'docx')]);
    const decoded = await decode({ relPath: docx!.name, bytes: docx!.bytes });
    // The document's own last line, as if learned as site chrome: cleaning must drop it in the child too.
    const learned = new Set([lineKey(decoded.lines.at(-1)!.text)]);
    const pool = new WorkPool(1);
    try {
      const plain = await pool.process(docx!.name, docx!.bytes, { decoded });
      expect(sameTime(plain)).toEqual(sameTime(spoolReady(await processFile({ relPath: docx!.name, bytes: docx!.bytes }))));
      pool.setBoilerplate(learned);
      const cleaned = await pool.process(docx!.name, docx!.bytes, { decoded });
      expect(sameTime(cleaned)).toEqual(sameTime(spoolReady(await processFile({ relPath: docx!.name, bytes: docx!.bytes }, undefined, { boilerplate: learned }))));
      expect(cleaned.documents[0]!.cleanedText).not.toEqual(plain.documents[0]!.cleanedText);
    } finally {
      pool.close();
    }
  });

  it('fails only the file of a child that dies, and gives the next file a new child', async () => {
    const files = filesIn(TEXT_DIRS);
    const pool = new WorkPool(1);
    try {
      await pool.process(files[0]!.name, files[0]!.bytes);
      const [pid] = pool.pids();
      const lost = pool.process(files[1]!.name, files[1]!.bytes);
      process.kill(pid!, 'SIGKILL');
      await expect(lost).rejects.toThrow(/文件处理子进程异常退出/);
      const next = await pool.process(files[2]!.name, files[2]!.bytes);
      expect(sameTime(next)).toEqual(sameTime(spoolReady(await processFile({ relPath: files[2]!.name, bytes: files[2]!.bytes }))));
      expect(pool.spawned).toBe(2);
      expect(pool.pids()).not.toContain(pid);
    } finally {
      pool.close();
    }
  });

  it('refuses a bad file with the reason the ingester gives in-process', async () => {
    const pool = new WorkPool(1);
    const blank = Buffer.from('   \n\n  ');
    try {
      const inProcess = await processFile({ relPath: 'blank.txt', bytes: blank }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(inProcess).toBeInstanceOf(BadInputError);
      await expect(pool.process('blank.txt', blank)).rejects.toThrow(new BadInputError((inProcess as BadInputError).reason));
    } finally {
      pool.close();
    }
  });
});

describe('a large ingestion with children', () => {
  let engine: TestEngine;
  let dir: string;
  const before = workSettings();

  beforeAll(async () => {
    engine = await startTestEngine();
    dir = mkdtempSync(path.join(os.tmpdir(), 'dj-pool-'));
    for (const d of [...TEXT_DIRS, ...OTHER_DIRS]) cpSync(d, dir, { recursive: true });
  });
  afterAll(async () => {
    setWorkers(before);
    await engine?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('indexes the records, and skips the files with the reasons, of processing each file in-process', async () => {
    setWorkers({ processes: 2, minFiles: 0 });
    const report = await engine.ingest([dir]);
    expect(report.workers).toBe(2);

    const expected: SectionRecord[] = [];
    const refused: Array<{ relPath: string; reason: string }> = [];
    for (const name of readdirSync(dir).sort()) {
      try {
        const { documents } = await processFile({ relPath: name, bytes: readFileSync(path.join(dir, name)) });
        for (const d of documents) expected.push(...d.sections);
      } catch (err) {
        refused.push({ relPath: name, reason: (err as BadInputError).reason });
      }
    }
    expect(refused.length).toBeGreaterThanOrEqual(3);
    const byPath = (a: { relPath: string }, b: { relPath: string }) => a.relPath.localeCompare(b.relPath);
    expect([...report.skipped].sort(byPath)).toEqual(refused.sort(byPath));
    expect(report.indexed).toBe(readdirSync(dir).length - refused.length);

    const admin = createClient({ url: engine.url, apiKey: engine.masterKey });
    const { results } = await admin.index(engine.index).getDocuments<SectionRecord>({ limit: 10_000 });
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect(results.length).toBe(expected.length);
    expect([...results].sort(byId)).toEqual(expected.sort(byId));
  });
});
