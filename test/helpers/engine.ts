// Tests run against a real Meilisearch: started here on a free loopback port with its own
// temporary data directory, and stopped (and its directory removed) afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedMeili, type EmbeddedEngine } from '../../src/core/meili/embedded.js';
import { createClient } from '../../src/core/meili/client.js';
import { buildAppDeps } from '../../src/cli/runtime.js';
import { createApp, type AppDeps } from '../../src/web/app.js';
import { loadConfig, PROJECT_ROOT } from '../../src/core/config.js';
import { runIngest, type IngestReport } from '../../ingest/run.js';
import { BlobStore } from '../../src/core/blob-store.js';

export const SAMPLE_DIR = path.join(PROJECT_ROOT, 'corpus', 'sample');
export const FIXTURES_DIR = path.join(PROJECT_ROOT, 'test', 'fixtures');

export interface TestEngine extends EmbeddedEngine {
  index: string;
  documentsIndex: string;
  ingest(inputs: string[], opts?: { rebuild?: boolean; prune?: boolean }): Promise<IngestReport>;
  app(overrides?: Partial<AppDeps>): ReturnType<typeof createApp>;
  deps(): AppDeps;
}

export async function startTestEngine(index = 'sections'): Promise<TestEngine> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dj-meili-'));
  const engine = await startEmbeddedMeili({ dataDir: dir, bin: loadConfig().MEILI_BIN, maxIndexingMemory: loadConfig().MEILI_MAX_INDEXING_MEMORY });
  const documentsIndex = `${index}_documents`;
  const admin = createClient({ url: engine.url, apiKey: engine.masterKey }, 600_000);
  // AUTH=off explicitly: these apps are the loopback portal of today, whatever the environment says.
  const config = loadConfig({ MEILI_INDEX: index, NODE_ENV: 'test', DATA_DIR: dir, AUTH: 'off' });
  const deps = () => buildAppDeps(config, { url: engine.url, adminKey: engine.masterKey });
  return {
    ...engine,
    index,
    documentsIndex,
    ingest: (inputs, opts = {}) => runIngest({ client: admin, index, documentsIndex, inputs, blobs: new BlobStore(dir), ...opts }),
    deps,
    app: (overrides = {}) => createApp({ ...deps(), ...overrides }),
    stop: async () => {
      await engine.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
