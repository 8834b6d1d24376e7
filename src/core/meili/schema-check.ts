// Which version of the records an index holds (index-schema.ts SCHEMA_VERSION, stored on every
// document record). An index built by an older version is never half-read: the portal answers
// 503 index_outdated naming the command that rebuilds it, and the ingester refuses to add to it
// (or, for `npm start`, rebuilds it from the archive folder).
import { isUnreachable, type SearchClient } from './federation.js';
import { MeilisearchApiError } from 'meilisearch';
import { EngineUnavailableError } from '../errors.js';
import { SCHEMA_VERSION } from '../index-schema.js';
import { translateEngineError, type ClientProvider } from './client.js';

export type IndexState =
  | { kind: 'missing' }
  | { kind: 'empty' }
  | { kind: 'current' }
  | { kind: 'outdated'; found: number | null };

/** Reads the state with a search (the portal's search-only key can do it). */
export async function readIndexState(client: SearchClient, documentsIndex: string): Promise<IndexState> {
  try {
    const r = await client.index(documentsIndex).search<{ schemaVersion?: number }>('', { limit: 1, attributesToRetrieve: ['schemaVersion'] });
    const hit = r.hits[0];
    if (!hit) return { kind: 'empty' };
    return hit.schemaVersion === SCHEMA_VERSION ? { kind: 'current' } : { kind: 'outdated', found: hit.schemaVersion ?? 1 };
  } catch (err) {
    if (err instanceof MeilisearchApiError && err.cause?.code === 'index_not_found') return { kind: 'missing' };
    throw err;
  }
}

export function outdatedMessage(found: number | null): string {
  return `索引由旧版本建立（结构版本 ${found ?? '?'}，当前 ${SCHEMA_VERSION}），不能直接使用：请运行 npm run ingest -- --rebuild <全部文稿目录>（npm start 会自动重建）`;
}

export function indexOutdatedError(found: number | null): EngineUnavailableError {
  return new EngineUnavailableError(outdatedMessage(found), { code: 'index_outdated' });
}

/**
 * The portal's check, remembered for a few seconds: one small search, in parallel with the
 * request's own, and none at all for most requests.
 */
export class SchemaGuard {
  private checked: { at: number; state: Promise<IndexState> } | null = null;

  constructor(
    private readonly client: ClientProvider,
    private readonly documentsIndex: string,
    private readonly ttlMs = 5_000,
    /**
     * Several engines (MEILI_REMOTES): each is checked on its own (a federated search would show
     * one engine's record); an engine that does not answer is left out (its results are too).
     */
    private readonly engines?: ClientProvider[],
  ) {}

  private async read(): Promise<IndexState> {
    if (!this.engines) return readIndexState(await this.client(), this.documentsIndex);
    const states = await Promise.all(
      this.engines.map(async (engine) => {
        try {
          return await readIndexState(await engine(), this.documentsIndex);
        } catch (err) {
          if (isUnreachable(err)) return null;
          throw err;
        }
      }),
    );
    const answered = states.filter((s): s is IndexState => s !== null);
    if (answered.length === 0) throw new EngineUnavailableError();
    return answered.find((s) => s.kind === 'outdated') ?? answered.find((s) => s.kind === 'current') ?? answered[0]!;
  }

  async assertCurrent(): Promise<void> {
    if (!this.checked || Date.now() - this.checked.at > this.ttlMs) {
      const state = (async () => {
        try {
          return await this.read();
        } catch (err) {
          return translateEngineError(err);
        }
      })();
      this.checked = { at: Date.now(), state };
      // A failed check is not remembered: the next request asks again.
      state.catch(() => (this.checked = null));
    }
    const state = await this.checked.state;
    if (state.kind === 'outdated') throw indexOutdatedError(state.found);
  }
}
