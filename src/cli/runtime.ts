// Wiring shared by the CLIs: which engine to talk to (external or embedded) and the app's services.
// The only module besides the CLIs themselves that sees both the core and the web app.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../core/config.js';
import { startEmbeddedMeili, type EmbeddedEngine } from '../core/meili/embedded.js';
import { createClient, isHealthy, searchClientProvider } from '../core/meili/client.js';
import { loadSynonyms } from '../core/text/lexicon.js';
import { cut } from '../core/text/segmenter.js';
import type { AppDeps } from '../web/app.js';
import { DocumentsService } from '../web/services/documents-service.js';
import { SearchService } from '../web/services/search-service.js';
import { AuthService } from '../web/services/auth-service.js';
import { UploadService } from '../web/services/upload-service.js';
import { openDatabase, type Db } from '../core/store/database.js';
import { AccountStore } from '../core/store/accounts.js';
import { AccountAdmin } from '../core/store/account-admin.js';
import { AuditLog } from '../core/store/audit.js';
import { LoginThrottle } from '../core/store/login-throttle.js';
import { SessionTable } from '../core/store/sessions.js';
import { secret } from '../core/store/secrets.js';
import { UploadRegistry } from '../core/store/uploads.js';
import { incomingDir } from '../core/uploads.js';
import { createUploadIngester } from '../../ingest/uploads.js';

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
  const engine: EmbeddedEngine = await startEmbeddedMeili({ dataDir: config.DATA_DIR, bin: config.MEILI_BIN, port: config.MEILI_PORT });
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

/**
 * The app's services over one engine and one portal database (DATA_DIR/portal.sqlite unless
 * given). Uploads need the engine's admin key; a portal with a search key only has none.
 */
export function buildAppDeps(config: Config, engine: Pick<EngineHandle, 'url' | 'adminKey' | 'searchKey'>, db: Db = openDatabase(config.DATA_DIR)): AppDeps {
  const indexes = { index: config.MEILI_INDEX, documentsIndex: config.documentsIndex };
  const client = searchClientProvider({ url: engine.url, adminKey: engine.adminKey, searchKey: engine.searchKey, indexes: [indexes.index, indexes.documentsIndex] });
  const healthClient = createClient({ url: engine.url }, 3000);
  const accounts = new AccountStore(db);
  const sessions = new SessionTable(db);
  const audit = new AuditLog(db);
  const throttle = new LoginThrottle(db);
  const documents = new DocumentsService({ client, ...indexes });
  const uploads = engine.adminKey
    ? new UploadService({
        pipeline: createUploadIngester({ client: createClient({ url: engine.url, apiKey: engine.adminKey }, 600_000), ...indexes, uploadsDir: config.uploadsDir }),
        registry: new UploadRegistry(db),
        audit,
        documents,
      })
    : undefined;
  return {
    search: new SearchService({ client, index: indexes.index, cut, synonyms: loadSynonyms() }),
    documents,
    engineHealthy: () => isHealthy(healthClient),
    auth: {
      mode: config.AUTH,
      accounts,
      sessions,
      throttle,
      secret: secret(db, 'session'),
      idleMinutes: config.SESSION_IDLE_MINUTES,
      proxyHeader: config.AUTH_PROXY_HEADER,
    },
    authService: new AuthService({ accounts, throttle, audit }),
    accountAdmin: new AccountAdmin({ accounts, sessions, audit }),
    audit,
    uploads,
    incomingDir: incomingDir(config.uploadsDir),
    trustProxy: config.TRUST_PROXY,
    production: config.NODE_ENV === 'production',
  };
}

/**
 * compose: INITIAL_ADMIN_PASSWORD creates INITIAL_ADMIN_USER as an administrator when the
 * portal has no account yet; afterwards it is ignored (change passwords with `npm run users`).
 */
export async function ensureInitialAdmin(config: Config, db: Db, log: (line: string) => void): Promise<void> {
  if (config.AUTH === 'off' || !config.INITIAL_ADMIN_PASSWORD) return;
  const accounts = new AccountStore(db);
  if (accounts.count() > 0) return;
  const admin = new AccountAdmin({ accounts, sessions: new SessionTable(db), audit: new AuditLog(db) });
  try {
    await admin.add(config.INITIAL_ADMIN_USER, 'admin', config.INITIAL_ADMIN_PASSWORD, { user: 'INITIAL_ADMIN_PASSWORD', ip: null });
  } catch (err) {
    throw new Error(`INITIAL_ADMIN_PASSWORD 无法使用：${(err as Error).message}`);
  }
  log(`已根据 INITIAL_ADMIN_PASSWORD 创建管理员账号 ${config.INITIAL_ADMIN_USER}`);
}
