// Wiring shared by the CLIs: which engine to talk to (external or embedded) and the app's services.
// The only module besides the CLIs themselves that sees both the core and the web app.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Config } from '../core/config.js';
import { startEmbeddedMeili, type EmbeddedEngine } from '../core/meili/embedded.js';
import { createClient, isHealthy, searchClientProvider } from '../core/meili/client.js';
import { loadSynonyms } from '../core/text/lexicon.js';
import { BlobStore } from '../core/blob-store.js';
import { SchemaGuard } from '../core/meili/schema-check.js';
import { cut } from '../core/text/segmenter.js';
import type { AppDeps } from '../web/app.js';
import { DocumentsService } from '../web/services/documents-service.js';
import { SearchService } from '../web/services/search-service.js';

export interface EngineHandle {
  url: string;
  adminKey?: string;
  searchKey?: string;
  /** Stops the engine if this process started it. */
  close(): Promise<void>;
  embedded: boolean;
}

/**
 * MEILI_URL → that server. Otherwise the embedded engine under DATA_DIR: reuse the one another
 * `npm start` of this checkout is running (an engine's data directory can only be opened once),
 * or start one.
 */
export async function openEngine(config: Config, log: (line: string) => void = () => {}): Promise<EngineHandle> {
  if (config.MEILI_URL) {
    return { url: config.MEILI_URL, adminKey: config.MEILI_MASTER_KEY, searchKey: config.MEILI_SEARCH_KEY, embedded: false, close: async () => {} };
  }
  const marker = path.join(config.DATA_DIR, 'engine.json');
  const keyFile = path.join(config.DATA_DIR, 'master-key');
  if (existsSync(marker) && existsSync(keyFile)) {
    try {
      const { url } = JSON.parse(readFileSync(marker, 'utf8')) as { url: string };
      if (await isHealthy(createClient({ url }, 2000))) {
        log(`使用正在运行的内置 Meilisearch：${url}`);
        return { url, adminKey: readFileSync(keyFile, 'utf8').trim(), embedded: true, close: async () => {} };
      }
    } catch {
      // stale marker: start our own below
    }
  }
  const engine: EmbeddedEngine = await startEmbeddedMeili({
    dataDir: config.DATA_DIR,
    bin: config.MEILI_BIN,
    port: config.MEILI_PORT,
    maxIndexingMemory: config.MEILI_MAX_INDEXING_MEMORY,
    maxIndexingThreads: config.MEILI_MAX_INDEXING_THREADS || availableParallelism(),
  });
  writeFileSync(marker, JSON.stringify({ url: engine.url, pid: process.pid }) + '\n');
  log(`内置 Meilisearch 已启动：${engine.url}（数据目录 ${config.DATA_DIR}）`);
  return {
    url: engine.url,
    adminKey: engine.masterKey,
    embedded: true,
    close: async () => {
      rmSync(marker, { force: true });
      await engine.stop();
    },
  };
}

export function buildAppDeps(config: Config, engine: Pick<EngineHandle, 'url' | 'adminKey' | 'searchKey'>): AppDeps {
  const indexes = { index: config.MEILI_INDEX, documentsIndex: config.documentsIndex };
  const client = searchClientProvider({ url: engine.url, adminKey: engine.adminKey, searchKey: engine.searchKey, indexes: [indexes.index, indexes.documentsIndex] });
  const healthClient = createClient({ url: engine.url }, 3000);
  // Both services refuse an index built by an older schema (index_outdated), checked every few seconds.
  const schema = new SchemaGuard(client, indexes.documentsIndex);
  return {
    search: new SearchService({ client, index: indexes.index, cut, synonyms: loadSynonyms(), schema }),
    documents: new DocumentsService({ client, ...indexes, blobs: new BlobStore(config.DATA_DIR), schema }),
    engineHealthy: () => isHealthy(healthClient),
    production: config.NODE_ENV === 'production',
  };
}
