// Where the bytes live: originals and cleaned texts as content-addressed files under DATA_DIR (not
// in the engine), kept in step with the index by ingestion; and an index built by an older schema
// version, which the portal and the ingester name instead of half-reading it.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/blob-store.js';
import { createClient, waitTask } from '../../src/core/meili/client.js';
import { SAMPLE_DIR, startTestEngine, type TestEngine } from '../helpers/engine.js';

const FILE = 'XX县供销社机关党支部2023年上半年党建工作总结.txt';
let engine: TestEngine;
let archive: string;

const blobFiles = () =>
  existsSync(path.join(engine.dataDir, 'blobs'))
    ? readdirSync(path.join(engine.dataDir, 'blobs'), { recursive: true }).map(String).filter((f) => /[0-9a-f]{64}$/.test(f)).map((f) => path.basename(f))
    : [];
const docIdOf = (bytes: Buffer) => sha256Hex(bytes).slice(0, 16);

beforeAll(async () => {
  engine = await startTestEngine();
  archive = mkdtempSync(path.join(os.tmpdir(), 'dj-archive-'));
  cpSync(SAMPLE_DIR, archive, { recursive: true });
});
afterAll(async () => {
  await engine?.stop();
  if (archive) rmSync(archive, { recursive: true, force: true });
});

describe('originals and cleaned texts under DATA_DIR', () => {
  it('keeps each original and cleaned text once, named by its sha256, and nothing of them in the engine', async () => {
    await engine.ingest([archive]);
    const blobs = blobFiles();
    expect(blobs).toHaveLength(10); // 5 originals + 5 cleaned texts
    const original = readFileSync(path.join(archive, FILE));
    expect(blobs).toContain(sha256Hex(original));
    const admin = createClient({ url: engine.url, apiKey: engine.masterKey });
    const doc = await admin.index(engine.documentsIndex).getDocument(docIdOf(original));
    expect(doc).not.toHaveProperty('originalBase64');
    expect(doc).not.toHaveProperty('cleanedText');
  });

  it('serves the viewer and the download from those files', async () => {
    const app = engine.app();
    const original = readFileSync(path.join(archive, FILE));
    const id = docIdOf(original);
    const dl = await request(app).get(`/documents/${id}/original`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(Buffer.compare(dl.body as Buffer, original)).toBe(0);
    const doc = await request(app).get(`/api/documents/${id}`).expect(200);
    expect(doc.body.sections.length).toBeGreaterThan(3);
    const page = await request(app).get(`/documents/${id}`).expect(200);
    expect(page.text).toContain('供销社');
  });

  it('a missing file is a 503 that says to ingest again, and the next ingestion puts it back', async () => {
    const app = engine.app();
    const original = readFileSync(path.join(archive, FILE));
    const hash = sha256Hex(original);
    unlinkSync(path.join(engine.dataDir, 'blobs', hash.slice(0, 2), hash));
    const res = await request(app).get(`/documents/${docIdOf(original)}/original`).set('Accept', 'application/json').expect(503);
    expect(res.text).toMatch(/npm run ingest/);
    const report = await engine.ingest([archive]);
    expect(report.unchanged).toBe(4);
    expect(blobFiles()).toContain(hash);
    await request(app).get(`/documents/${docIdOf(original)}/original`).expect(200);
  });

  it('drops the files of a replaced version and of a pruned document, not the others', async () => {
    const file = path.join(archive, FILE);
    const before = readFileSync(file);
    writeFileSync(file, Buffer.concat([before, Buffer.from('\n（六）新增一段：持续抓好党费收缴。\n', 'utf8')]));
    const r1 = await engine.ingest([archive]);
    expect(r1.replaced).toBe(1);
    expect(blobFiles()).not.toContain(sha256Hex(before));
    expect(blobFiles()).toContain(sha256Hex(readFileSync(file)));
    expect(blobFiles()).toHaveLength(10);

    const gone = readFileSync(file);
    unlinkSync(file);
    const r2 = await engine.ingest([archive], { prune: true });
    expect(r2.removed).toBe(1);
    expect(blobFiles()).not.toContain(sha256Hex(gone));
    expect(blobFiles()).toHaveLength(8);
  });
});

describe('an index built by an older schema version', () => {
  it('is named by the portal (503 index_outdated with the rebuild command), not half-read', async () => {
    // What version 1 left behind: document records without a schema version.
    const admin = createClient({ url: engine.url, apiKey: engine.masterKey });
    const { results } = await admin.index(engine.documentsIndex).getDocuments<{ docId: string }>({ fields: ['docId'], limit: 100 });
    await waitTask(admin, (await admin.index(engine.documentsIndex).updateDocuments(results.map((d) => ({ docId: d.docId, schemaVersion: 1 })))).taskUid);

    const app = engine.app();
    const api = await request(app).get('/api/search?q=党费').expect(503);
    expect(api.body.error.code).toBe('index_outdated');
    expect(api.body.error.message).toContain('npm run ingest -- --rebuild');
    const list = await request(app).get('/api/documents').expect(503);
    expect(list.body.error.code).toBe('index_outdated');
    const page = await request(app).get('/?q=党费').expect(503);
    expect(page.text).toContain('--rebuild');
  });

  it('is refused by an incremental ingestion with the same instruction, and nothing is written to it', async () => {
    const admin = createClient({ url: engine.url, apiKey: engine.masterKey });
    const tasksBefore = (await admin.tasks.getTasks({ limit: 1 })).results[0]!.uid;
    await expect(engine.ingest([archive])).rejects.toThrow(/--rebuild/);
    const tasksAfter = (await admin.tasks.getTasks({ limit: 1 })).results[0]!.uid;
    expect(tasksAfter).toBe(tasksBefore);
  });

  it('is rebuilt by --rebuild (or automatically by npm start), after which the portal answers again', async () => {
    const report = await engine.ingest([archive], { rebuild: true });
    expect(report.indexed).toBe(4);
    const app = engine.app();
    const res = await request(app).get('/api/search?q=党费').expect(200);
    expect(res.body.total).toBeGreaterThan(0);
  });
});
