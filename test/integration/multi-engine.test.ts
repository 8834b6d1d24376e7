// Several engines searched as one (MEILI_REMOTES): three real engines on loopback hold the fixtures
// routed by document, and answer through federated search exactly as one engine holding the same
// files does (the oracle); one engine gone leaves partial answers, not errors.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackup, restoreBackup } from '../../src/cli/backup-archive.js';
import { loadConfig } from '../../src/core/config.js';
import { startEmbeddedMeili } from '../../src/core/meili/embedded.js';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, waitTask } from '../../src/core/meili/client.js';
import { SCHEMA_VERSION } from '../../src/core/index-schema.js';
import { engineOf } from '../../src/core/remotes.js';
import { FIXTURES_DIR, SAMPLE_DIR, startTestCluster, startTestEngine, type TestCluster, type TestEngine } from '../helpers/engine.js';

const INPUTS = [SAMPLE_DIR, ...['encodings', 'split', 'themes', 'web', 'docx', 'office'].map((d) => path.join(FIXTURES_DIR, d))];

let single: TestEngine;
let cluster: TestCluster;
let one: ReturnType<TestEngine['app']>;
let three: ReturnType<TestCluster['app']>;

type Answer = { total: number; totalPages: number; hits: Array<{ id: string }>; facets: Record<string, Record<string, number>>; partial?: boolean; missingRemotes?: string[] };
const search = async (app: typeof one, query: Record<string, string | string[] | number>) =>
  (await request(app).get('/api/search').query(query).expect(200)).body as Answer;

beforeAll(async () => {
  [single, cluster] = await Promise.all([startTestEngine(), startTestCluster(3)]);
  const [a, b] = await Promise.all([single.ingest(INPUTS), cluster.ingest(INPUTS)]);
  expect(b.documentsInIndex).toBe(a.documentsInIndex);
  expect(b.skipped.map((s) => s.relPath).sort()).toEqual(a.skipped.map((s) => s.relPath).sort());
  one = single.app();
  three = cluster.app();
}, 600_000);
afterAll(async () => {
  await single?.stop();
  await cluster?.stop();
});

describe('three engines answer as one', () => {
  it('every engine holds some documents, each one where its id routes it, none twice', async () => {
    const total = (await single.ingest([])).documentsInIndex;
    let sum = 0;
    for (const [i, e] of cluster.engines.entries()) {
      const admin = createClient({ url: e.url, apiKey: e.masterKey });
      const { results } = await admin.index(cluster.documentsIndex).getDocuments<{ docId: string }>({ fields: ['docId'], limit: 1000 });
      expect(results.length, cluster.names[i]).toBeGreaterThan(0);
      for (const d of results) expect(engineOf(d.docId, 3)).toBe(i);
      // A document's sections live with it.
      const sections = await admin.index(cluster.index).getDocuments<{ docId: string }>({ fields: ['docId'], limit: 10_000 });
      const here = new Set(results.map((d) => d.docId));
      for (const s of sections.results) expect(here.has(s.docId)).toBe(true);
      sum += results.length;
    }
    expect(sum).toBe(total);
  });

  // Hits of equal score are ordered by each engine's internal ids on one engine, by the merge across
  // engines: the oracle compares a first page that holds the whole result as a set (and its order
  // where scores differ is the engines' own business), and every total and facet count exactly.
  it('searches in both modes, with filters and sorts: equal totals, facet counts and first pages', async () => {
    const all = await search(one, { q: '' });
    const years = Object.keys(all.facets.year!);
    const theme = Object.keys(all.facets.theme!)[0]!;
    const orgType = Object.keys(all.facets.orgType!)[0]!;
    expect(years.length).toBeGreaterThan(1);
    const queries: Array<Record<string, string | string[] | number>> = [
      { q: '' },
      { q: '', year: years[0]!, sort: 'year:asc' },
      { q: '党员' },
      { q: '党员', year: years },
      { q: '组织生活会', theme },
      { q: '学习 教育', orgType },
      { q: '主题教育', sort: 'year:desc' },
      { q: '党建工作', mode: 'exact' },
      { q: '三会一课', mode: 'exact', year: years[1]! },
      // Long enough to be verified against the texts (原文).
      { q: '全面从严治党', mode: 'exact', theme },
      { q: '党风廉政建设', mode: 'exact', perPage: 3 },
      // A words query no section holds in full: near results (a federated query of its own).
      { q: '党员 宇航员 潜水艇' },
    ];
    let compared = 0;
    for (const q of queries) {
      const [a, b] = await Promise.all([search(one, { perPage: 100, ...q }), search(three, { perPage: 100, ...q })]);
      const label = JSON.stringify(q);
      expect(b.total, label).toBe(a.total);
      expect(b.totalPages, label).toBe(a.totalPages);
      expect(b.facets, label).toEqual(a.facets);
      expect(b.partial, label).toBe(false);
      expect(a.partial, label).toBeUndefined();
      if (a.total <= 100) {
        expect(b.hits.map((h) => h.id).sort(), label).toEqual(a.hits.map((h) => h.id).sort());
        if (a.total > 0) compared++;
      }
      // Pages: the same count of pages, and a later page holds hits of the same result.
      const [pa, pb] = await Promise.all([search(one, { ...q, perPage: 5, page: 2 }), search(three, { ...q, perPage: 5, page: 2 })]);
      expect(pb.totalPages, label).toBe(pa.totalPages);
      expect(pb.hits.length, label).toBe(pa.hits.length);
    }
    expect(compared).toBeGreaterThanOrEqual(8);
  });

  it('the document list, a document, its viewer and the 统计 counts are the same', async () => {
    const a = (await request(one).get('/api/documents').expect(200)).body as { documents: Array<{ docId: string }> };
    const b = (await request(three).get('/api/documents').expect(200)).body as { documents: Array<{ docId: string }> };
    expect(b.documents.map((d) => d.docId).sort()).toEqual(a.documents.map((d) => d.docId).sort());
    for (const { docId } of a.documents.slice(0, 4)) {
      const da = (await request(one).get(`/api/documents/${docId}`).expect(200)).body as { sections: unknown[] };
      const db = (await request(three).get(`/api/documents/${docId}`).expect(200)).body as { sections: unknown[] };
      expect(db.sections).toEqual(da.sections);
    }
    const sa = (await request(one).get('/api/stats').query({ q: '党员' }).expect(200)).body as Record<string, unknown>;
    const sb = (await request(three).get('/api/stats').query({ q: '党员' }).expect(200)).body as Record<string, unknown>;
    delete sb.partial;
    expect(JSON.stringify(sb).replace(/"tookMs":\d+/g, '')).toBe(JSON.stringify(sa).replace(/"tookMs":\d+/g, ''));
  });

  it('查重 finds the same sources', async () => {
    const draft = '认真落实全面从严治党主体责任，坚持“三会一课”制度，扎实开展主题教育，推动党建工作与业务工作深度融合。';
    const a = (await request(one).post('/api/check').set('Sec-Fetch-Site', 'same-origin').send({ text: draft }).expect(200)).body as Record<string, unknown>;
    const b = (await request(three).post('/api/check').set('Sec-Fetch-Site', 'same-origin').send({ text: draft }).expect(200)).body as Record<string, unknown>;
    expect(b.partial).toBe(false);
    delete b.partial;
    expect(JSON.stringify(a)).toMatch(/sectionId/);
    expect(JSON.stringify(b).replace(/"tookMs":\d+/g, '')).toBe(JSON.stringify(a).replace(/"tookMs":\d+/g, ''));
  });

  it('an engine built by an older version is named (index_outdated), not half-read', async () => {
    const e = cluster.engines[2]!;
    const admin = createClient({ url: e.url, apiKey: e.masterKey });
    const { results } = await admin.index(cluster.documentsIndex).getDocuments<{ docId: string }>({ fields: ['docId'], limit: 1000 });
    const mark = async (schemaVersion: number) =>
      waitTask(admin, (await admin.index(cluster.documentsIndex).updateDocuments(results.map((d) => ({ docId: d.docId, schemaVersion })))).taskUid);
    await mark(SCHEMA_VERSION - 1);
    try {
      const r = await request(cluster.app()).get('/api/search').query({ q: '党员' }).expect(503);
      expect((r.body as { error: { code: string } }).error.code).toBe('index_outdated');
    } finally {
      await mark(SCHEMA_VERSION);
    }
    await request(cluster.app()).get('/api/search').query({ q: '党员' }).expect(200);
  });

  it('/health lists every engine', async () => {
    const h = (await request(three).get('/health').expect(200)).body as { status: string; remotes: Array<{ name: string; status: string }> };
    expect(h.status).toBe('ok');
    expect(h.remotes).toEqual(cluster.names.map((name) => ({ name, status: 'available' })));
  });
});

describe('writes across engines', () => {
  it('--rebuild and --prune work on every engine; the phrase table is whole on each', async () => {
    const rebuilt = await cluster.ingest(INPUTS, { rebuild: true });
    const oracle = await single.ingest(INPUTS, { rebuild: true });
    expect(rebuilt.documentsInIndex).toBe(oracle.documentsInIndex);
    const [a, b] = await Promise.all([search(one, { q: '党员', perPage: 100 }), search(three, { q: '党员', perPage: 100 })]);
    expect(b.total).toBe(a.total);
    expect(b.facets).toEqual(a.facets);
    // The office files gone from the inputs: their documents go, wherever they live.
    const kept = INPUTS.filter((d) => !d.endsWith('office'));
    const pruned = await cluster.ingest(kept, { prune: true });
    const prunedOracle = await single.ingest(kept, { prune: true });
    expect(pruned.removed).toBeGreaterThan(0);
    expect(pruned.removed).toBe(prunedOracle.removed);
    expect(pruned.documentsInIndex).toBe(prunedOracle.documentsInIndex);
    const [c, d] = await Promise.all([search(one, { q: '', perPage: 100 }), search(three, { q: '', perPage: 100 })]);
    expect(d.total).toBe(c.total);
    expect(d.hits.map((h) => h.id).sort()).toEqual(c.hits.map((h) => h.id).sort());
    const phrases = await Promise.all(
      cluster.engines.map(async (e) => (await createClient({ url: e.url, apiKey: e.masterKey }).index(`${cluster.index}_phrases`).getStats()).numberOfDocuments),
    );
    const oraclePhrases = (await createClient({ url: single.url, apiKey: single.masterKey }).index(`${single.index}_phrases`).getStats()).numberOfDocuments;
    expect(phrases).toEqual([oraclePhrases, oraclePhrases, oraclePhrases]);
  });
});

describe('uploads across engines', () => {
  it('an upload lands on the engine its id routes to, is found through all, and is deleted from there', async () => {
    const text = '某某单位党支部2024年上半年工作总结\n一、主要工作\n支部开展了独角兽湖畔读书会，共有十二名党员参加。\n';
    const up = (await request(three).post('/api/documents').set('Sec-Fetch-Site', 'same-origin').attach('files', Buffer.from(text), '湖畔读书会.txt').expect(200)).body as {
      files: Array<{ status: string; docId: string }>;
      partial: boolean;
    };
    expect(up.files[0]!.status).toBe('indexed');
    const docId = up.files[0]!.docId;
    const home = engineOf(docId, 3);
    for (const [i, e] of cluster.engines.entries()) {
      const r = await createClient({ url: e.url, apiKey: e.masterKey }).index(cluster.documentsIndex).getDocuments({ filter: `docId = "${docId}"`, limit: 1 });
      expect(r.results.length, cluster.names[i]).toBe(i === home ? 1 : 0);
    }
    const found = await search(three, { q: '独角兽湖畔读书会', mode: 'exact' });
    expect(found.total).toBe(1);
    await request(three).delete(`/api/documents/${docId}`).set('Sec-Fetch-Site', 'same-origin').expect(200);
    expect((await search(three, { q: '独角兽湖畔读书会', mode: 'exact' })).total).toBe(0);
  });
});

describe('backup and restore of several engines', () => {
  it('backs up one dump per engine and restores each to the engine of its name', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'dj-cluster-backup-'));
    try {
      // MEILI_DUMP_DIR/<name>: each engine's dump folder, as compose mounts them.
      const dumps = path.join(tmp, 'dumps');
      mkdirSync(dumps);
      cluster.engines.forEach((e, i) => symlinkSync(path.join(e.dataDir, 'dumps'), path.join(dumps, cluster.names[i]!)));
      const file = path.join(tmp, 'backup.tar.gz');
      const manifest = await createBackup({ ...cluster.config, MEILI_DUMP_DIR: dumps }, file);
      expect(manifest.engines?.map((e) => e.name)).toEqual(cluster.names);
      // Another list of engines cannot take it.
      const other = loadConfig({ DATA_DIR: path.join(tmp, 'other'), AUTH: 'off', MEILI_REMOTES: 'x=http://127.0.0.1:1', MEILI_MASTER_KEY: 'k' });
      await expect(restoreBackup(other, file)).rejects.toThrow(/MEILI_REMOTES/);
      const restored = await restoreBackup({ ...cluster.config, DATA_DIR: path.join(tmp, 'data'), MEILI_DUMP_DIR: undefined }, file);
      expect(restored.pendingDumps?.map((d) => d.name)).toEqual(cluster.names);
      for (const [i, d] of restored.pendingDumps!.entries()) {
        const dir = path.join(tmp, `engine-${i}`);
        const engine = await startEmbeddedMeili({ dataDir: dir, importDump: d.file });
        try {
          const live = await createClient({ url: cluster.engines[i]!.url, apiKey: cluster.engines[i]!.masterKey }).index(cluster.documentsIndex).getStats();
          const back = await createClient({ url: engine.url, apiKey: engine.masterKey }).index(cluster.documentsIndex).getStats();
          expect(back.numberOfDocuments, d.name).toBe(live.numberOfDocuments);
        } finally {
          await engine.stop();
        }
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('an engine goes away', () => {
  it('answers stay 200 with partial: true naming it; the page says results may be incomplete; /health shows it', async () => {
    const before = await search(three, { q: '党员' });
    // The first engine: the one that coordinated so far.
    await cluster.kill(0);
    const asks: Array<Record<string, string>> = [{ q: '党员' }, { q: '全面从严治党', mode: 'exact' }, { q: '', year: Object.keys(before.facets.year!)[0]! }];
    for (const q of asks) {
      const r = await search(three, q);
      expect(r.partial, JSON.stringify(q)).toBe(true);
      expect(r.missingRemotes).toEqual(['ms-00']);
    }
    const after = await search(three, { q: '党员' });
    expect(after.total).toBeLessThan(before.total);
    expect(after.total).toBeGreaterThan(0);
    const page = await request(three).get('/').query({ q: '党员' }).expect(200);
    expect(page.text).toContain('结果可能不完整');
    const h = (await request(three).get('/health').expect(200)).body as { status: string; remotes: Array<{ name: string; status: string }> };
    expect(h.status).toBe('degraded');
    expect(h.remotes[0]).toEqual({ name: 'ms-00', status: 'unreachable' });
    const docs = (await request(three).get('/api/documents').expect(200)).body as { partial: boolean };
    expect(docs.partial).toBe(true);
    const check = (await request(three).post('/api/check').set('Sec-Fetch-Site', 'same-origin').send({ text: '认真落实全面从严治党主体责任，坚持三会一课制度。' }).expect(200)).body as { partial: boolean; missingRemotes: string[] };
    expect(check.partial).toBe(true);
    expect(check.missingRemotes).toEqual(['ms-00']);
    // The phrase table is whole on every engine: suggestions go on.
    const suggest = (await request(three).get('/api/suggest').query({ q: '党' }).expect(200)).body as { suggestions: unknown[] };
    expect(suggest.suggestions.length).toBeGreaterThan(0);
  });
});
