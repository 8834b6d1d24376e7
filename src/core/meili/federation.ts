// Reads across several engines (MEILI_REMOTES) as if they were one: every search goes to one
// engine of the network (the coordinator), which runs it on every engine — itself included — with
// Meilisearch's federated multi-search (`network` experimental feature, `federationOptions.remote`)
// and merges hits by ranking score (or by the query's sort), facet counts with `mergeFacets`.
//
// What 1.21's federation does not do, and what is done instead (measured on real engines):
// - `page`/`hitsPerPage` inside `federation` are refused (offset/limit only, from 1.34 on): a paged
//   query is sent as offset/limit and its `totalHits`/`totalPages` are made from the federated
//   `estimatedTotalHits` (summed over engines; the integration test compares it with one engine's
//   exhaustive `totalHits`).
// - `distinct` is applied per engine but the federated total ignores it: a query with `distinct`
//   (document counts) goes to each engine directly and the exhaustive totals are summed — exact,
//   because all of a document's sections live on one engine (remotes.ts).
// - a merged facet lists at most 100 values unless asked: every merge asks for the indexes' own
//   maximum (index-schema.ts), so the verification's `id` facet stays complete.
//
// A missing engine is not an error: the coordinator reports it in `remoteErrors` (or does not
// answer, and the next engine coordinates), the answer is built from the others, and the missing
// names are noted for the request being served (missingRemotes(), the portal's `partial: true`).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Index, Meilisearch, MultiSearchQuery } from 'meilisearch';
import { MeilisearchApiError, MeilisearchRequestError } from 'meilisearch';
import { EngineUnavailableError } from '../errors.js';

/** What the portal's services ask of an engine: searches. A Meilisearch client is one; so is a FederatedSearch. */
export interface SearchClient {
  multiSearch: Meilisearch['multiSearch'];
  index(uid: string): Pick<Index, 'search'>;
}

// ---- which engines did not answer, per request -------------------------------------------------

const missing = new AsyncLocalStorage<Set<string>>();

/** Runs `fn` with its own record of engines that did not answer (one per portal request). */
export function trackMissingRemotes<T>(fn: () => T): T {
  return missing.run(new Set(), fn);
}

/** The engines that did not answer a search made so far within trackMissingRemotes (sorted). */
export function missingRemotes(): string[] {
  return [...(missing.getStore() ?? [])].sort();
}

function noteMissing(names: Iterable<string>): void {
  const store = missing.getStore();
  if (store) for (const n of names) store.add(n);
}

// ---- the federated client ------------------------------------------------------------------------

/** The largest facet a merge may list: the indexes' own maxValuesPerFacet (index-schema.ts). */
const MAX_FACET_VALUES = 1_000_000;

export interface EngineEndpoint {
  name: string;
  /** A search client of this engine (the portal's search key on it). */
  client: () => Promise<Meilisearch>;
}

type Query = MultiSearchQuery & { federationOptions?: { weight?: number; remote?: string } };
type Federation = { offset?: number; limit?: number; facetsByIndex?: Record<string, string[]>; mergeFacets?: { maxValuesPerFacet?: number } | null };
type Hit = Record<string, unknown> & { _federation?: { queriesPosition: number; remote?: string } };
interface FederatedAnswer {
  hits: Hit[];
  processingTimeMs: number;
  estimatedTotalHits?: number;
  facetDistribution?: Record<string, Record<string, number>>;
  remoteErrors?: Record<string, unknown>;
}
interface SingleAnswer {
  indexUid: string;
  hits: Hit[];
  query: string;
  processingTimeMs: number;
  facetDistribution?: Record<string, Record<string, number>>;
  limit?: number;
  offset?: number;
  estimatedTotalHits?: number;
  page?: number;
  hitsPerPage?: number;
  totalHits?: number;
  totalPages?: number;
}

/** A request that never reached an engine (down, refused, timed out): the next engine is tried. */
export function isUnreachable(err: unknown): boolean {
  if (err instanceof MeilisearchRequestError) return true;
  if (err instanceof EngineUnavailableError) return err.code === 'engine_unavailable';
  return err instanceof Error && /fetch failed|ECONNREFUSED|ECONNRESET|timeout/i.test(err.message);
}

/** An engine's answer when its index holds nothing yet (fanOut). */
const EMPTY_ANSWER = { hits: [] } as unknown as SingleAnswer;

export class FederatedSearch {
  /** The engine that coordinated last: tried first next time. */
  private preferred = 0;

  constructor(private readonly engines: readonly EngineEndpoint[]) {
    if (engines.length === 0) throw new Error('FederatedSearch needs at least one engine');
  }

  get names(): string[] {
    return this.engines.map((e) => e.name);
  }

  /** The services' view: the same calls as one engine's client. */
  client(): SearchClient {
    return {
      multiSearch: ((params: { queries: Query[]; federation?: Federation }) => this.multiSearch(params)) as unknown as SearchClient['multiSearch'],
      index: (uid: string) => ({
        search: ((q?: string | null, params: Record<string, unknown> = {}) =>
          this.searchOne({ ...params, indexUid: uid, ...(q ? { q } : {}) } as Query)) as unknown as Pick<Index, 'search'>['search'],
      }),
    };
  }

  /**
   * The search client of the engine that answers first (the last coordinator first): for an
   * index every engine holds whole (the phrase table), asked on one engine without federation.
   */
  async anyEngine(): Promise<Meilisearch> {
    return this.viaCoordinator(async (c) => c);
  }

  private async viaCoordinator<T>(fn: (client: Meilisearch) => Promise<T>): Promise<T> {
    let last: unknown;
    const n = this.engines.length;
    const start = this.preferred;
    for (let k = 0; k < n; k++) {
      const i = (start + k) % n;
      const engine = this.engines[i]!;
      try {
        const out = await fn(await engine.client());
        this.preferred = i;
        return out;
      } catch (err) {
        if (!isUnreachable(err)) throw err;
        noteMissing([engine.name]);
        last = err;
      }
    }
    throw last;
  }

  /**
   * Engines whose index held no document when last asked (`engine|index` → until when): an index
   * no document ever reached knows none of its fields, so the engine refuses a query naming them
   * (`attributesToSearchOn`) and fails the whole federated search — an archive with fewer documents
   * than engines, or an engine just added. It holds nothing to find: it is left out for a while.
   */
  private readonly empty = new Map<string, number>();
  static readonly EMPTY_TTL_MS = 10_000;

  private isEmpty(name: string, indexes: readonly string[]): boolean {
    const now = Date.now();
    return indexes.some((uid) => (this.empty.get(`${name}|${uid}`) ?? 0) > now);
  }

  /** Which engines refuse `query` for want of fields: asked one by one, the rare path. */
  private async noteEmpty(query: Query): Promise<boolean> {
    let found = false;
    for (const e of this.engines) {
      try {
        const { federationOptions: _, ...plain } = query;
        await (await e.client()).multiSearch({ queries: [{ ...plain, limit: 0 } as MultiSearchQuery] });
      } catch (err) {
        if (err instanceof MeilisearchApiError && err.cause?.code === 'invalid_search_attributes_to_search_on') {
          this.empty.set(`${e.name}|${query.indexUid}`, Date.now() + FederatedSearch.EMPTY_TTL_MS);
          found = true;
        }
      }
    }
    return found;
  }

  /** Each query of `queries` on every engine, merged into one answer (federated multi-search). */
  private async federate(queries: Query[], federation: Federation): Promise<FederatedAnswer> {
    try {
      return await this.federateOnce(queries, federation);
    } catch (err) {
      const refused = err instanceof MeilisearchApiError && err.cause?.code === 'invalid_search_attributes_to_search_on';
      if (!refused || !(await this.noteEmpty(queries[0]!))) throw err;
      return this.federateOnce(queries, federation);
    }
  }

  private async federateOnce(queries: Query[], federation: Federation): Promise<FederatedAnswer> {
    const indexes = [...new Set(queries.map((q) => q.indexUid))];
    const all = this.names;
    const names = all.filter((n) => !this.isEmpty(n, indexes));
    if (names.length === 0) names.push(...all);
    // Query-major: position p of the expanded list is the caller's query ⌊p / engines⌋.
    const expanded = queries.flatMap((q) => names.map((remote) => ({ ...q, federationOptions: { ...(q.federationOptions ?? {}), remote } })));
    const answer = (await this.viaCoordinator((c) => c.multiSearch({ queries: expanded, federation } as never))) as unknown as FederatedAnswer;
    const failed = Object.keys(answer.remoteErrors ?? {});
    if (failed.length > 0) noteMissing(failed);
    for (const h of answer.hits) {
      if (h._federation) h._federation = { ...h._federation, queriesPosition: Math.floor(h._federation.queriesPosition / names.length) };
    }
    return answer;
  }

  async multiSearch(params: { queries: Query[]; federation?: Federation }): Promise<unknown> {
    if (params.federation) {
      const { mergeFacets, ...rest } = params.federation;
      const merge = mergeFacets ? { mergeFacets: { maxValuesPerFacet: MAX_FACET_VALUES, ...mergeFacets } } : {};
      const answer = await this.federate(params.queries, { ...rest, ...merge });
      delete answer.remoteErrors;
      return answer;
    }
    return { results: await Promise.all(params.queries.map((q) => this.searchOne(q))) };
  }

  /** One query over every engine, answered in the shape one engine would give. */
  async searchOne(query: Query): Promise<SingleAnswer> {
    if (query.distinct) return this.fanOut(query);
    const { indexUid, page, hitsPerPage, limit, offset, facets, ...rest } = query;
    const paged = page !== undefined || hitsPerPage !== undefined;
    const size = paged ? (hitsPerPage ?? 20) : (limit ?? 20);
    const from = paged ? ((page ?? 1) - 1) * size : (offset ?? 0);
    const answer = await this.federate([{ indexUid, ...rest } as Query], {
      offset: from,
      limit: size,
      ...(facets && facets.length > 0 ? { facetsByIndex: { [indexUid]: facets }, mergeFacets: { maxValuesPerFacet: MAX_FACET_VALUES } } : {}),
    });
    const total = answer.estimatedTotalHits ?? 0;
    const hits = answer.hits.map(({ _federation, ...h }) => h);
    const common = { indexUid, hits, query: query.q ?? '', processingTimeMs: answer.processingTimeMs, ...(answer.facetDistribution ? { facetDistribution: answer.facetDistribution } : {}) };
    return paged
      ? { ...common, page: page ?? 1, hitsPerPage: size, totalHits: total, totalPages: size > 0 ? Math.ceil(total / size) : 0 }
      : { ...common, limit: size, offset: from, estimatedTotalHits: total };
  }

  /**
   * A query with `distinct` on every engine directly, totals summed and hits joined (in engine
   * order, cut to the page size): its callers count documents and take a few candidates.
   */
  private async fanOut(query: Query): Promise<SingleAnswer> {
    const answers = await Promise.all(
      this.engines.map(async (e) => {
        try {
          const { results } = await (await e.client()).multiSearch({ queries: [query] });
          return results[0] as unknown as SingleAnswer;
        } catch (err) {
          // An engine whose index no document reached yet holds nothing to count (see `empty`).
          if (err instanceof MeilisearchApiError && err.cause?.code === 'invalid_search_attributes_to_search_on') return EMPTY_ANSWER;
          if (!isUnreachable(err)) throw err;
          noteMissing([e.name]);
          return null;
        }
      }),
    );
    const got = answers.filter((a): a is SingleAnswer => a !== null && a !== EMPTY_ANSWER);
    if (got.length === 0 && answers.includes(EMPTY_ANSWER)) {
      const paged = query.page !== undefined || query.hitsPerPage !== undefined;
      const base = { indexUid: query.indexUid, hits: [], query: query.q ?? '', processingTimeMs: 0, ...(query.facets ? { facetDistribution: {} } : {}) };
      return paged ? { ...base, page: query.page ?? 1, hitsPerPage: query.hitsPerPage ?? 20, totalHits: 0, totalPages: 0 } : { ...base, limit: query.limit ?? 20, offset: query.offset ?? 0, estimatedTotalHits: 0 };
    }
    if (got.length === 0) throw new EngineUnavailableError();
    const first = got[0]!;
    const size = first.hitsPerPage ?? first.limit ?? 20;
    const facetDistribution: Record<string, Record<string, number>> = {};
    for (const a of got) {
      for (const [facet, values] of Object.entries(a.facetDistribution ?? {})) {
        const into = (facetDistribution[facet] ??= {});
        for (const [v, n] of Object.entries(values)) into[v] = (into[v] ?? 0) + n;
      }
    }
    const sum = (k: 'totalHits' | 'estimatedTotalHits') => got.reduce((n, a) => n + (a[k] ?? 0), 0);
    const hits = got.flatMap((a) => a.hits).slice(0, size);
    const common = { indexUid: first.indexUid, hits, query: first.query, processingTimeMs: Math.max(...got.map((a) => a.processingTimeMs)), ...(query.facets ? { facetDistribution } : {}) };
    if (first.totalHits !== undefined) {
      const total = sum('totalHits');
      return { ...common, page: first.page ?? 1, hitsPerPage: size, totalHits: total, totalPages: size > 0 ? Math.ceil(total / size) : 0 };
    }
    return { ...common, limit: size, offset: first.offset ?? 0, estimatedTotalHits: sum('estimatedTotalHits') };
  }
}

// ---- setting the network up --------------------------------------------------------------------

export interface NetworkMember {
  name: string;
  url: string;
  /** Admin client (master key): turns the feature on and writes the network. */
  admin: Meilisearch;
  /** The key other engines use to search this one (the portal's search key on it). */
  searchKey: string;
}

/**
 * Tells every engine who it is and who the others are: the `network` experimental feature on, then
 * `self` and every remote (itself included) with the key to search it. Idempotent. Returns the
 * names of engines that could not be reached (set up on their next start of a portal or ingester).
 */
export async function configureNetwork(members: readonly NetworkMember[]): Promise<string[]> {
  const remotes = Object.fromEntries(members.map((m) => [m.name, { url: m.url, searchApiKey: m.searchKey }]));
  const failed: string[] = [];
  for (const m of members) {
    try {
      await m.admin.updateExperimentalFeatures({ network: true } as never);
      await m.admin.updateNetwork({ self: m.name, remotes });
    } catch (err) {
      if (!isUnreachable(err)) throw err;
      failed.push(m.name);
    }
  }
  return failed;
}
