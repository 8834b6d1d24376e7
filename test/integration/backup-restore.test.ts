// Backup → restore into an empty DATA_DIR → the same documents and the same search results, with the
// portal database (through SQLite's backup API) and the uploaded originals; a non-empty DATA_DIR is refused.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/core/config.js';
import { createClient } from '../../src/core/meili/client.js';
import { openDatabase } from '../../src/core/store/database.js';
import { createBackup, restoreBackup, RULE_FILES } from '../../src/cli/backup-archive.js';
import { buildAppDeps, openEngine, type EngineHandle } from '../../src/cli/runtime.js';
import { createApp } from '../../src/web/app.js';
import { runIngest } from '../../ingest/run.js';
import { FIXTURES_DIR, SAMPLE_DIR } from '../helpers/engine.js';
import { BlobStore } from '../../src/core/blob-store.js';

const QUERIES = [
  { q: '党费' },
  { q: '三会一课', mode: 'exact' },
  { q: '组织生活', theme: '组织建设' },
  { q: '', year: '2023' },
  { q: '存在问题', sort: 'year:desc' },
];

async function snapshot(config: Config, engine: EngineHandle) {
  const app = createApp(buildAppDeps(config, engine));
  const documents = (await request(app).get('/api/documents')).body.documents as Array<{ docId: string }>;
  const details = [];
  for (const d of [...documents].sort((a, b) => a.docId.localeCompare(b.docId))) details.push((await request(app).get(`/api/documents/${d.docId}`)).body);
  const searches = [];
  for (const q of QUERIES) {
    const body = (await request(app).get('/api/search').query(q)).body;
    searches.push({ total: body.total, ids: body.hits.map((h: { id: string }) => h.id), facets: body.facets });
  }
  return { documents: documents.length, details, searches };
}

describe('backup and restore', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'dj-backup-test-'));
  const bin = loadConfig().MEILI_BIN;
  const original = loadConfig({ DATA_DIR: path.join(root, 'original'), MEILI_BIN: bin, NODE_ENV: 'test' });
  const restored = loadConfig({ DATA_DIR: path.join(root, 'restored'), MEILI_BIN: bin, NODE_ENV: 'test' });
  const archive = path.join(root, 'backups', 'portal.tar.gz');
  let before: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    const engine = await openEngine(original);
    try {
      await runIngest({
        client: createClient({ url: engine.url, apiKey: engine.adminKey }, 600_000),
        index: original.MEILI_INDEX,
        documentsIndex: original.documentsIndex,
        inputs: [SAMPLE_DIR, path.join(FIXTURES_DIR, 'docx')],
        blobs: new BlobStore(original.DATA_DIR),
      });
      before = await snapshot(original, engine);
    } finally {
      await engine.close();
    }
    // What the portal itself holds: a database with a row, and an uploaded original.
    const db = openDatabase(original.DATA_DIR);
    db.exec("CREATE TABLE IF NOT EXISTS backup_probe (note TEXT); INSERT INTO backup_probe VALUES ('账号与审计记录')");
    db.close();
    mkdirSync(path.join(original.DATA_DIR, 'uploads', 'ab'), { recursive: true });
    writeFileSync(path.join(original.DATA_DIR, 'uploads', 'ab', '上传的总结.docx'), Buffer.from('original bytes'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes one archive with the dump, the database, the uploads and the rules in use', async () => {
    const manifest = await createBackup(original, archive);
    const entries: string[] = [];
    await tar.t({ file: archive, onReadEntry: (e) => entries.push(e.path) });
    expect(entries).toContain('manifest.json');
    expect(entries).toContain(manifest.meilisearch.dump);
    expect(entries).toContain('data/portal.sqlite');
    expect(entries).toContain('data/uploads/ab/上传的总结.docx');
    for (const r of Object.keys(RULE_FILES)) expect(entries).toContain(r);
    expect(manifest.meilisearch.version).toMatch(/^1\.21\./);
    expect(manifest.meilisearch.indexes).toEqual(expect.arrayContaining(['sections', 'sections_documents']));
  });

  it('refuses to restore into a DATA_DIR that is not empty', async () => {
    await expect(restoreBackup(original, archive)).rejects.toThrow(/不是空的/);
  });

  it('restores into an empty DATA_DIR: same documents, same search results, same database and uploads', async () => {
    const r = await restoreBackup(restored, archive);
    expect(r.pendingDump).toBeUndefined();
    expect(r.rulesReplaced).toEqual([]);
    const engine = await openEngine(restored);
    try {
      const after = await snapshot(restored, engine);
      expect(after.documents).toBe(before.documents);
      expect(after.documents).toBeGreaterThanOrEqual(6);
      expect(after).toEqual(before);
      expect(before.searches.every((s) => s.total > 0)).toBe(true);
    } finally {
      await engine.close();
    }
    const db = openDatabase(restored.DATA_DIR, { readonly: true });
    expect(db.prepare('SELECT note FROM backup_probe').pluck().all()).toEqual(['账号与审计记录']);
    db.close();
    expect(readFileSync(path.join(restored.DATA_DIR, 'uploads', 'ab', '上传的总结.docx'), 'utf8')).toBe('original bytes');
  });
});
