// Several engines, one of which no document has reached yet (an archive with fewer documents than
// engines, or an engine just added): its index knows none of the fields a query names, and the
// engine refuses such a query. Searches, counts and the viewer still answer, from the others.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/meili/client.js';
import { engineOf } from '../../src/core/remotes.js';
import { startTestCluster, type TestCluster } from '../helpers/engine.js';

let cluster: TestCluster;
let dir: string;

beforeAll(async () => {
  cluster = await startTestCluster(3, 'lonely');
  dir = mkdtempSync(path.join(os.tmpdir(), 'dj-lonely-'));
  writeFileSync(path.join(dir, 'XX社区党支部2024年工作总结.txt'), 'XX社区党支部2024年工作总结\n一、组织建设\n认真落实三会一课制度，全年开展主题党日十二次。\n二、下一步打算\n继续落实三会一课制度。\n');
  await cluster.ingest([dir]);
});
afterAll(async () => {
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('an engine no document has reached', () => {
  it('exists: the one document lives on one engine, the others hold none', async () => {
    const counts = await Promise.all(cluster.engines.map(async (e) => (await createClient({ url: e.url, apiKey: cluster.config.MEILI_MASTER_KEY }).index('lonely').getStats()).numberOfDocuments));
    expect(counts.filter((n) => n > 0)).toHaveLength(1);
    expect(counts.filter((n) => n === 0).length).toBeGreaterThan(0);
  });

  it('does not fail a search in either mode, a long phrase, a filter or the document count', async () => {
    const app = cluster.app();
    for (const q of ['三会一课', '认真落实三会一课制度', '主题党日']) {
      for (const mode of ['exact', 'words']) {
        const r = await request(app).get('/api/search').query({ q, mode }).expect(200);
        expect(r.body.total, `${q} ${mode}`).toBeGreaterThan(0);
        expect(r.body.partial).toBe(false);
      }
    }
    expect((await request(app).get('/api/search').query({ q: '三会一课', mode: 'exact', year: '2024' }).expect(200)).body.total).toBe(2);
    const docs = (await request(app).get('/api/documents').expect(200)).body.documents as Array<{ docId: string }>;
    expect(docs).toHaveLength(1);
    const docId = docs[0]!.docId;
    // It lives on the engine its id routes to, the one that holds documents.
    const owner = createClient({ url: cluster.engines[engineOf(docId, cluster.names.length)]!.url, apiKey: cluster.config.MEILI_MASTER_KEY });
    expect((await owner.index('lonely').getStats()).numberOfDocuments).toBeGreaterThan(0);
    await request(app).get(`/api/documents/${docId}`).expect(200);
  });
});
