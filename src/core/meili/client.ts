// The Meilisearch connection used by ingestion (admin key) and the portal (search-only key).
import { Meilisearch, MeilisearchApiError, MeilisearchRequestError, type Task } from 'meilisearch';
import { EngineUnavailableError } from '../errors.js';
import type { SearchClient } from './federation.js';

export interface EngineTarget {
  url: string;
  apiKey?: string;
}

export function createClient(target: EngineTarget, timeoutMs = 30_000): Meilisearch {
  return new Meilisearch({
    host: target.url,
    apiKey: target.apiKey,
    timeout: timeoutMs,
    // A compressed answer reaches Node in pieces that wait out TCP's delayed ACK: ~40 ms per
    // request, ten times the search itself. Uncompressed answers arrive at once.
    requestInit: { headers: { 'Accept-Encoding': 'identity' } },
  });
}

export async function isHealthy(client: Meilisearch): Promise<boolean> {
  try {
    return (await client.health()).status === 'available';
  } catch {
    return false;
  }
}

/** Network-level failures (engine down, timeout) become a 503; API errors keep their meaning. */
export function translateEngineError(err: unknown): never {
  if (err instanceof MeilisearchRequestError || (err instanceof Error && /fetch failed|ECONNREFUSED|timeout/i.test(err.message))) {
    throw new EngineUnavailableError(undefined, { cause: err });
  }
  if (err instanceof MeilisearchApiError && err.cause?.code === 'index_not_found') {
    throw new EngineUnavailableError('索引尚未建立：请先导入文稿（npm run ingest -- <目录>）', { cause: err, code: 'index_missing' });
  }
  throw err;
}

const SEARCH_KEY_NAME = 'dangjian-portal-search';

/**
 * The portal never uses the master key for queries: it finds (or creates) a key that can only
 * search the two indexes.
 */
export async function ensureSearchKey(admin: Meilisearch, indexes: string[]): Promise<string> {
  const { results } = await admin.getKeys({ limit: 1000 });
  const existing = results.find(
    (k) => k.name === SEARCH_KEY_NAME && k.actions.length === 1 && k.actions[0] === 'search' &&
      indexes.every((i) => k.indexes.includes(i)),
  );
  if (existing) return existing.key;
  const created = await admin.createKey({
    name: SEARCH_KEY_NAME,
    description: '党建文稿检索 portal: search only',
    actions: ['search'],
    indexes,
    expiresAt: null,
  });
  return created.key;
}

/**
 * The portal's search key on several engines (MEILI_REMOTES): created with one fixed uid, so that
 * with the same master key every engine derives the same key value (Meilisearch makes a key from
 * its uid and the master key). The engines of a network name it to each other, and an engine that
 * is down while this runs has the same key once it is set up.
 */
export const SHARED_SEARCH_KEY_UID = '6f1d3c52-8a0e-4b7d-9c15-2e4d18a7b3f0';

export async function ensureSharedSearchKey(admin: Meilisearch, indexes: string[]): Promise<string> {
  try {
    const k = await admin.getKey(SHARED_SEARCH_KEY_UID);
    if (indexes.every((i) => k.indexes.includes(i))) return k.key;
    await admin.deleteKey(SHARED_SEARCH_KEY_UID);
  } catch (err) {
    if (!(err instanceof MeilisearchApiError && err.cause?.code === 'api_key_not_found')) throw err;
  }
  const created = await admin.createKey({
    uid: SHARED_SEARCH_KEY_UID,
    name: `${SEARCH_KEY_NAME}-network`,
    description: '党建文稿检索 portal, several engines: search only',
    actions: ['search'],
    indexes,
    expiresAt: null,
  });
  return created.key;
}

/**
 * Waits for an enqueued task and turns a failed task into an error with the engine's message.
 * Polls with a growing interval (the SDK's waitForTask shares one abort signal across all its
 * polls, which leaks a listener per poll on long waits).
 */
export async function waitTask(client: Meilisearch, taskUid: number, timeoutMs = 600_000): Promise<Task> {
  const deadline = Date.now() + timeoutMs;
  let delay = 25;
  for (;;) {
    const task = await client.tasks.getTask(taskUid);
    if (task.status !== 'enqueued' && task.status !== 'processing') {
      if (task.status !== 'succeeded') {
        const msg = task.error ? `${task.error.code}: ${task.error.message}` : task.status;
        throw new Error(`Meilisearch task ${taskUid} (${task.type}) ${task.status}: ${msg}`);
      }
      return task;
    }
    if (Date.now() > deadline) throw new Error(`Meilisearch task ${taskUid} not finished after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 500);
  }
}

/** What the portal searches through: one engine's client, or several engines' (federation.ts). */
export type ClientProvider = () => Promise<SearchClient>;

/**
 * The portal's search client. With no search key given it derives one from the admin key on
 * first use, and tries again on the next request if the engine was down at that moment.
 */
export function searchClientProvider(opts: { url: string; searchKey?: string; adminKey?: string; indexes: string[] }): () => Promise<Meilisearch> {
  let client: Meilisearch | null = opts.searchKey || !opts.adminKey ? createClient({ url: opts.url, apiKey: opts.searchKey }) : null;
  let pending: Promise<Meilisearch> | null = null;
  return async () => {
    if (client) return client;
    pending ??= (async () => {
      try {
        const key = await ensureSearchKey(createClient({ url: opts.url, apiKey: opts.adminKey }), opts.indexes);
        client = createClient({ url: opts.url, apiKey: key });
        return client;
      } catch (err) {
        return translateEngineError(err);
      } finally {
        pending = null;
      }
    })();
    return pending;
  };
}
