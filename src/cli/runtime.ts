// Wiring shared by the CLIs: which engine to talk to (external or embedded) and the app's services.
// The only module besides the CLIs themselves that sees both the core and the web app.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseLimitsOf, type Config } from '../core/config.js';
import { superviseEmbeddedMeili, type SupervisorEvent } from '../core/meili/embedded.js';
import { createClient, ensureSharedSearchKey, isHealthy, searchClientProvider, type ClientProvider } from '../core/meili/client.js';
import { configureNetwork, FederatedSearch, isUnreachable } from '../core/meili/federation.js';
import type { RemoteEngine } from '../core/remotes.js';
import type { Meilisearch } from 'meilisearch';
import { loadSynonyms } from '../core/text/lexicon.js';
import { BlobStore } from '../core/blob-store.js';
import { SchemaGuard } from '../core/meili/schema-check.js';
import { cut } from '../core/text/segmenter.js';
import { combinedLock, dataDirLock, engineIndexLock, withWriterLock, type WriterLock } from '../core/ops/writer-lock.js';
import { BasketStore } from '../core/store/baskets.js';
import { keepDataPrivate } from '../core/ops/private-files.js';
import { decode, setParseLimits } from '../../ingest/decode.js';
import { setWorkers } from '../../ingest/work-settings.js';
import type { AppDeps } from '../web/app.js';
import { CheckService } from '../web/services/check-service.js';
import { ExportService } from '../web/services/export-service.js';
import { StatsService } from '../web/services/stats-service.js';
import { DocumentsService } from '../web/services/documents-service.js';
import { collectAll, promoteYoung } from '../core/heap.js';
import { SearchService, WARM_UP_PHRASES } from '../web/services/search-service.js';
import { PhraseService } from '../web/services/phrase-service.js';
import { productIndexes, searchedIndexes } from '../core/index-schema.js';
import { SectionTexts } from '../web/services/section-texts.js';
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
import type { UploadIngester, UploadIngesterOptions } from '../../ingest/uploads.js';
import { MAX_FILE_BYTES, SUPPORTED_EXTENSIONS } from '../core/formats.js';

export interface EngineHandle {
  url: string;
  adminKey?: string;
  searchKey?: string;
  /** Stops the engine if this process started it. */
  close(): Promise<void>;
  embedded: boolean;
  /** MEILI_REMOTES: every engine, in order (`url` is the first's: the writer lock lives there). */
  remotes?: RemoteEngine[];
}

/** The indexes the portal's search key may search. */
const searchableIndexes = (config: Config) => searchedIndexes(productIndexes(config.MEILI_INDEX));

/**
 * MEILI_REMOTES: the shared search key on every engine that answers, then every engine told the
 * network (federation.ts). Returns the engines that did not answer.
 */
async function setUpNetwork(config: Config, remotes: RemoteEngine[], masterKey: string): Promise<string[]> {
  let searchKey = config.MEILI_SEARCH_KEY;
  const down: string[] = [];
  for (const r of remotes) {
    try {
      const key = await ensureSharedSearchKey(createClient({ url: r.url, apiKey: masterKey }, 10_000), searchableIndexes(config));
      searchKey ??= key;
    } catch (err) {
      if (!isUnreachable(err)) throw err;
      down.push(r.name);
    }
  }
  if (!searchKey) return remotes.map((r) => r.name);
  const members = remotes.map((r) => ({ ...r, admin: createClient({ url: r.url, apiKey: masterKey }, 10_000), searchKey: searchKey! }));
  return [...new Set([...down, ...(await configureNetwork(members))])];
}

/** The admin clients of every engine the records go to (one, or MEILI_REMOTES's in order). */
export function adminClients(engine: Pick<EngineHandle, 'url' | 'adminKey' | 'remotes'>, timeoutMs = 600_000): Meilisearch[] {
  return (engine.remotes ?? [{ name: 'self', url: engine.url }]).map((r) => createClient({ url: r.url, apiKey: engine.adminKey }, timeoutMs));
}

/** DATA_DIR/engine.json: which embedded engine serves this DATA_DIR, so other CLIs attach to it. */
export const ENGINE_MARKER = 'engine.json';
export const ENGINE_LOG = path.join('logs', 'meilisearch.log');

export interface EngineMarker {
  url: string;
  /** The engine's own process id. */
  pid: number;
  /** The process that started (and supervises) it. */
  supervisor: number;
  startedAt: string;
}

function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `pid` is a meilisearch process on this DATA_DIR's database (not some reused pid). */
function isOurEngine(pid: number, dataDir: string): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const at = argv.indexOf('--db-path');
    return at !== -1 && argv[at + 1] === path.join(dataDir, 'meili');
  } catch {
    return false;
  }
}

function readMarker(file: string): Partial<EngineMarker> | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<EngineMarker>;
  } catch {
    return null;
  }
}

export interface OpenEngineOptions {
  log?: (line: string) => void;
  /** Report of the supervisor (restarts); given by `npm start`/`npm run serve`. */
  onEngineEvent?: (e: SupervisorEvent) => void;
  /**
   * Indexing threads of an engine started here when MEILI_MAX_INDEXING_THREADS is unset. `npm run
   * ingest` starts an engine nobody searches and has finished its own work by the time the engine
   * indexes (one batch at the end, see ingest/spool.ts): it gives it every core. A portal's engine
   * keeps the engine's default (half the cores), which leaves the rest to searches.
   */
  defaultIndexingThreads?: number;
}

/**
 * MEILI_URL → that server. Otherwise the embedded engine under DATA_DIR: reuse the one another
 * `npm start` of this checkout is running and supervising (an engine's data directory can only be
 * opened once), or start a supervised one. A stale engine.json never makes a start fail: a dead
 * engine is ignored, and an orphaned one (its supervisor killed) is stopped so its data can be opened.
 */
export async function openEngine(config: Config, optsOrLog: OpenEngineOptions | ((line: string) => void) = {}): Promise<EngineHandle> {
  const opts: OpenEngineOptions = typeof optsOrLog === 'function' ? { log: optsOrLog } : optsOrLog;
  const log = opts.log ?? (() => {});
  if (config.MEILI_REMOTES) {
    const remotes = config.MEILI_REMOTES;
    if (config.MEILI_MASTER_KEY) {
      const down = await setUpNetwork(config, remotes, config.MEILI_MASTER_KEY);
      if (down.length > 0) log(`检索节点未响应：${down.join('、')}（其余节点照常；它恢复后下次启动时再设置）`);
    }
    log(`检索节点 ${remotes.length} 个：${remotes.map((r) => `${r.name}=${r.url}`).join(', ')}`);
    return { url: remotes[0]!.url, adminKey: config.MEILI_MASTER_KEY, searchKey: config.MEILI_SEARCH_KEY, embedded: false, remotes, close: async () => {} };
  }
  if (config.MEILI_URL) {
    return { url: config.MEILI_URL, adminKey: config.MEILI_MASTER_KEY, searchKey: config.MEILI_SEARCH_KEY, embedded: false, close: async () => {} };
  }
  const marker = path.join(config.DATA_DIR, ENGINE_MARKER);
  const keyFile = path.join(config.DATA_DIR, 'master-key');
  const found = existsSync(marker) ? readMarker(marker) : null;
  if (found) {
    const supervised = found.supervisor !== undefined && found.supervisor !== process.pid && alive(found.supervisor);
    if (supervised && found.url && existsSync(keyFile) && (await isHealthy(createClient({ url: found.url }, 2000)))) {
      log(`使用正在运行的内置 Meilisearch：${found.url}`);
      return { url: found.url, adminKey: readFileSync(keyFile, 'utf8').trim(), embedded: true, close: async () => {} };
    }
    if (!supervised && found.pid && alive(found.pid) && isOurEngine(found.pid, config.DATA_DIR)) {
      // Left behind by a portal that was killed outright: it holds the database, nobody supervises it.
      log(`停止无人管理的内置 Meilisearch（pid ${found.pid}，其启动进程已不在）`);
      await stopPid(found.pid);
    }
    rmSync(marker, { force: true });
  }
  const writeMarker = (url: string, pid: number) =>
    writeFileSync(marker, JSON.stringify({ url, pid, supervisor: process.pid, startedAt: new Date().toISOString() } satisfies EngineMarker) + '\n');
  const engine = await superviseEmbeddedMeili({
    dataDir: config.DATA_DIR,
    bin: config.MEILI_BIN,
    port: config.MEILI_PORT,
    logFile: path.join(config.DATA_DIR, ENGINE_LOG),
    maxIndexingMemory: config.MEILI_MAX_INDEXING_MEMORY,
    maxIndexingThreads: config.MEILI_MAX_INDEXING_THREADS ?? opts.defaultIndexingThreads,
    onEvent: (e) => {
      // Every (re)start: the marker names the engine's current pid.
      if (e.type === 'started') writeMarker(e.url, e.pid);
      opts.onEngineEvent?.(e);
    },
  });
  log(`内置 Meilisearch 已启动：${engine.url}（数据目录 ${config.DATA_DIR}）`);
  return {
    url: engine.url,
    adminKey: engine.masterKey,
    embedded: true,
    close: async () => {
      if (readMarker(marker)?.supervisor === process.pid) rmSync(marker, { force: true });
      await engine.stop();
    },
  };
}

async function stopPid(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

/**
 * The app's services over one engine and one portal database (DATA_DIR/portal.sqlite unless
 * given). Uploads need the engine's admin key; a portal with a search key only has none.
 */
/** How often the portal's copy of the section texts looks for changes to the index. */
const TEXTS_POLL_MS = 250;

export function buildAppDeps(
  config: Config,
  engine: Pick<EngineHandle, 'url' | 'adminKey' | 'searchKey'> & { embedded?: boolean; remotes?: RemoteEngine[] },
  db: Db = openDatabase(config.DATA_DIR),
  log?: (line: string) => void,
): AppDeps & { warmUp: () => Promise<boolean> } {
  keepDataPrivate(config.DATA_DIR);
  const { phrasesIndex, ...indexes } = productIndexes(config.MEILI_INDEX);
  const remotes = engine.remotes ?? config.MEILI_REMOTES;
  let client: ClientProvider;
  let phrasesClient: ClientProvider;
  let engineHealthy: () => Promise<boolean>;
  let remotesHealth: AppDeps['remotesHealth'];
  let perEngine: ClientProvider[] | undefined;
  if (remotes) {
    // Several engines: searched as one through federated multi-search (federation.ts), each with the
    // shared search key (client.ts ensureSharedSearchKey), derived on first use if not given.
    const endpoints = remotes.map((r) => ({
      name: r.name,
      client: engine.searchKey || !engine.adminKey
        ? async () => createClient({ url: r.url, apiKey: engine.searchKey })
        : sharedKeyClient(r.url, engine.adminKey, searchableIndexes(config)),
    }));
    perEngine = endpoints.map((e) => e.client);
    const federated = new FederatedSearch(endpoints);
    const searcher = federated.client();
    client = async () => searcher;
    // The phrase table is whole on every engine (ingest/phrase-table.ts): one engine answers.
    phrasesClient = () => federated.anyEngine();
    const health = remotes.map((r) => ({ ...r, client: createClient({ url: r.url }, 3000) }));
    remotesHealth = () =>
      Promise.all(health.map(async (h) => ({ name: h.name, url: h.url, status: (await isHealthy(h.client)) ? ('available' as const) : ('unreachable' as const) })));
    engineHealthy = async () => (await remotesHealth!()).some((r) => r.status === 'available');
  } else {
    client = searchClientProvider({ url: engine.url, adminKey: engine.adminKey, searchKey: engine.searchKey, indexes: searchableIndexes(config) });
    phrasesClient = client;
    const healthClient = createClient({ url: engine.url }, 3000);
    engineHealthy = () => isHealthy(healthClient);
  }
  const accounts = new AccountStore(db);
  const sessions = new SessionTable(db);
  const audit = new AuditLog(db);
  const throttle = new LoginThrottle(db);
  const baskets = new BasketStore(db);
  // Both services refuse an index built by an older schema (index_outdated), checked every few seconds.
  const schema = new SchemaGuard(client, indexes.documentsIndex, undefined, perEngine);
  const blobs = new BlobStore(config.DATA_DIR);
  const documents = new DocumentsService({ client, ...indexes, blobs, schema });
  const uploads = engine.adminKey
    ? new UploadService({
        pipeline: lockedUploads(
          lazyUploads({
            client: createClient({ url: engine.url, apiKey: engine.adminKey }, 600_000),
            engines: adminClients({ ...engine, remotes }),
            ...indexes,
            uploadsDir: config.uploadsDir,
            blobs,
          }),
          writerLock(config, { url: engine.url, adminKey: engine.adminKey, embedded: engine.embedded ?? !(config.MEILI_URL || remotes) }),
        ),
        registry: new UploadRegistry(db),
        audit,
        documents,
      })
    : undefined;
  // Needs the admin key (documents and index metadata); a portal with a search key only verifies on the engine.
  const textsClient = engine.adminKey ? adminClients({ ...engine, remotes }, 120_000) : undefined;
  const texts = textsClient && config.EXACT_TEXT_CACHE_MB > 0
    ? new SectionTexts({
        client: async () => textsClient,
        index: indexes.index,
        documentsIndex: indexes.documentsIndex,
        // Follows changes made by other processes (an ingestion, the watcher) before a query asks.
        pollMs: TEXTS_POLL_MS,
        log,
        maxBytes: config.EXACT_TEXT_CACHE_MB * 2 ** 20,
        // Before the warm-up's queries and the first answer (the load), or right after a step.
        afterStep: (loaded) => (loaded ? collectAll() : promoteYoung()),
      })
    : undefined;
  const search = new SearchService({ client, index: indexes.index, cut, synonyms: loadSynonyms(), schema, texts });
  const phrases = new PhraseService({ client: phrasesClient, index: phrasesIndex, cut, search });
  return {
    // The archive's own most frequent long phrases warm the 原文 path (an archive without a phrase
    // table yet warms with the fixed phrase only).
    warmUp: async () => search.warmUp(await phrases.frequent(WARM_UP_PHRASES, 5).catch(() => [])),
    search,
    phrases,
    documents,
    check: new CheckService({ search }),
    stats: new StatsService({ search }),
    exporter: new ExportService({ search }),
    baskets,
    readDraft,
    engineHealthy,
    ...(remotesHealth ? { remotesHealth } : {}),
    auth: {
      mode: config.AUTH,
      accounts,
      sessions,
      throttle,
      secret: secret(db, 'session'),
      idleMinutes: config.SESSION_IDLE_MINUTES,
      maxHours: config.SESSION_MAX_HOURS,
      proxyHeader: config.AUTH_PROXY_HEADER,
    },
    authService: new AuthService({ accounts, throttle, audit }),
    accountAdmin: new AccountAdmin({ accounts, sessions, audit, throttle, baskets }),
    audit,
    uploads,
    incomingDir: incomingDir(config.uploadsDir),
    trustProxy: config.TRUST_PROXY,
    // Production unless development is asked for: no stack trace or path in any answer.
    production: config.NODE_ENV !== 'development',
  };
}

/** A search client of one engine of several, with the shared search key (made on that engine on first use). */
function sharedKeyClient(url: string, adminKey: string, indexes: string[]): () => Promise<Meilisearch> {
  let client: Meilisearch | null = null;
  return async () => {
    if (client) return client;
    const key = await ensureSharedSearchKey(createClient({ url, apiKey: adminKey }, 5000), indexes);
    return (client = createClient({ url, apiKey: key }));
  };
}

/**
 * Every untrusted file this process reads goes to a child with the PARSE_* limits of the config; a
 * large ingestion's files are processed in INGEST_WORKERS children.
 */
export function configureParsing(config: Config): void {
  setParseLimits(parseLimitsOf(config));
  setWorkers({ processes: config.INGEST_WORKERS });
}

/** How long an upload waits for a running ingestion (the watcher's batch, a CLI run) before a 409 writer_busy. */
const UPLOAD_LOCK_WAIT_MS = 30_000;

/** Uploads and removals from the portal take the same writer lock as every ingestion. */
/**
 * The ingestion pipeline (jieba keywords, the theme classifier, cleaning rules) is loaded on the
 * first upload: a portal that only searches never loads it.
 */
function lazyUploads(opts: UploadIngesterOptions): UploadIngester {
  let real: Promise<UploadIngester> | null = null;
  const get = () => (real ??= import('../../ingest/uploads.js').then((m) => m.createUploadIngester(opts)));
  return {
    limits: { maxFileBytes: MAX_FILE_BYTES, extensions: [...SUPPORTED_EXTENSIONS] },
    ingest: async (files, mayReplace) => (await get()).ingest(files, mayReplace),
    remove: async (doc) => (await get()).remove(doc),
    phrasesSettled: async () => {
      if (real) await (await real).phrasesSettled();
    },
  };
}

function lockedUploads(pipeline: UploadIngester, lock: WriterLock): UploadIngester {
  const opts = (purpose: string) => ({ purpose, wait: true, timeoutMs: UPLOAD_LOCK_WAIT_MS });
  return {
    limits: pipeline.limits,
    ingest: (files, mayReplace) => withWriterLock(lock, opts('门户上传'), () => pipeline.ingest(files, mayReplace)),
    remove: (doc) => withWriterLock(lock, opts('门户删除文档'), () => pipeline.remove(doc)),
    phrasesSettled: () => pipeline.phrasesSettled(),
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
  const admin = AccountAdmin.forDatabase(db);
  try {
    await admin.add(config.INITIAL_ADMIN_USER, 'admin', config.INITIAL_ADMIN_PASSWORD, { user: 'INITIAL_ADMIN_PASSWORD', ip: null });
  } catch (err) {
    throw new Error(`INITIAL_ADMIN_PASSWORD 无法使用：${(err as Error).message}`);
  }
  log(`已根据 INITIAL_ADMIN_PASSWORD 创建管理员账号 ${config.INITIAL_ADMIN_USER}`);
}

/**
 * The one writer lock of this DATA_DIR (and, on an external engine, of the index there too): taken by
 * every ingestion, the watcher, backup/restore and uploads from the portal.
 */
export function writerLock(config: Config, engine: Pick<EngineHandle, 'url' | 'adminKey' | 'embedded'>): WriterLock {
  const local = dataDirLock(config.DATA_DIR);
  if (engine.embedded) return local;
  return combinedLock(local, engineIndexLock(createClient({ url: engine.url, apiKey: engine.adminKey }), config.MEILI_INDEX));
}

/**
 * The writer lock from the configuration alone, to take before opening the engine: an embedded engine
 * started by an ingestion CLI lives exactly as long as that CLI holds the lock, so whoever holds the
 * lock never attaches to an engine that is about to go away.
 */
export function configuredWriterLock(config: Config): WriterLock {
  // Several engines: the lock index lives on the first (every writer lists the same engines).
  const url = config.MEILI_REMOTES?.[0]?.url ?? config.MEILI_URL;
  return writerLock(config, { url: url ?? '', adminKey: config.MEILI_MASTER_KEY, embedded: !url });
}

/** An uploaded 查重 draft → its text, with the pipeline's decoders (any common Chinese encoding, docx). */
async function readDraft(fileName: string, bytes: Buffer): Promise<string> {
  const doc = await decode({ relPath: fileName, bytes });
  return doc.lines.map((l) => l.text).join('\n');
}
