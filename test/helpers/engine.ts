// Tests run against a real Meilisearch: started here on a free loopback port with its own
// temporary data directory, and stopped (and its directory removed) afterwards.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedMeili, type EmbeddedEngine } from '../../src/core/meili/embedded.js';
import { createClient } from '../../src/core/meili/client.js';
import { adminClients, buildAppDeps, openEngine, type EngineHandle } from '../../src/cli/runtime.js';
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

export interface TestCluster {
  engines: EmbeddedEngine[];
  /** MEILI_REMOTES as given to the product. */
  remotes: string;
  names: string[];
  index: string;
  documentsIndex: string;
  handle: EngineHandle;
  config: ReturnType<typeof loadConfig>;
  ingest(inputs: string[], opts?: { rebuild?: boolean; prune?: boolean }): Promise<IngestReport>;
  app(overrides?: Partial<AppDeps>): ReturnType<typeof createApp>;
  /** Stops engine i at once (SIGKILL), as a machine that goes away. */
  kill(i: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Several real engines on loopback ports with one master key, wired as MEILI_REMOTES (ms-00,
 * ms-01, …) through the product's own openEngine (which sets up their network).
 */
export async function startTestCluster(count: number, index = 'sections'): Promise<TestCluster> {
  const dirs: string[] = [];
  const engines: EmbeddedEngine[] = [];
  const key = randomBytes(24).toString('hex');
  for (let i = 0; i < count; i++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), `dj-meili-${i}-`));
    // The embedded engine keeps its key beside its data: one key for all, as MEILI_REMOTES asks.
    writeFileSync(path.join(dir, 'master-key'), key + '\n', { mode: 0o600 });
    dirs.push(dir);
    engines.push(await startEmbeddedMeili({ dataDir: dir, bin: loadConfig().MEILI_BIN, maxIndexingMemory: loadConfig().MEILI_MAX_INDEXING_MEMORY }));
  }
  const names = engines.map((_, i) => `ms-${String(i).padStart(2, '0')}`);
  const remotes = engines.map((e, i) => `${names[i]}=${e.url}`).join(',');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dj-cluster-'));
  dirs.push(dataDir);
  const config = loadConfig({ MEILI_INDEX: index, NODE_ENV: 'test', DATA_DIR: dataDir, AUTH: 'off', MEILI_REMOTES: remotes, MEILI_MASTER_KEY: key });
  const handle = await openEngine(config);
  const admins = adminClients(handle);
  const documentsIndex = `${index}_documents`;
  return {
    engines,
    remotes,
    names,
    index,
    documentsIndex,
    handle,
    config,
    ingest: (inputs, opts = {}) => runIngest({ client: admins[0]!, engines: admins, index, documentsIndex, inputs, blobs: new BlobStore(dataDir), ...opts }),
    app: (overrides = {}) => createApp({ ...buildAppDeps(config, handle), ...overrides }),
    kill: async (i) => {
      process.kill(engines[i]!.pid, 'SIGKILL');
      await engines[i]!.stop();
    },
    stop: async () => {
      for (const e of engines) await e.stop();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}
