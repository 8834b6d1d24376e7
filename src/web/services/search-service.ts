// Runs a validated search against the sections index: one multi-search request holds the main
// query and, for each facet with a selection, the same query without that facet's filter, so
// that a selected year does not hide the other years' counts (disjunctive faceting).
import type { MultiSearchQuery, MultiSearchResult, SearchParams as MeiliSearchParams } from 'meilisearch';
import { buildExactQuery, EXACT_FIELDS, sectionContains, type ExactQuery } from '../../core/exact-grams.js';
import { SECTION_DISPLAY_FIELDS, WORDS_FIELDS, type SectionRecord } from '../../core/index-schema.js';
import { DOC_ID_PATTERN, SECTION_ID_PATTERN } from '../../core/ids.js';
import { translateEngineError, type ClientProvider } from '../../core/meili/client.js';
import type { SchemaGuard } from '../../core/meili/schema-check.js';
import { toSimplified, traditionalForms } from '../../core/text/simplify.js';
import { FACETS, type FacetName } from '../../core/vocabulary.js';
import { joinedContains, type SectionTexts, type TextCopy } from './section-texts.js';
import { partBodies, type PartBody } from './part-bodies.js';
import { filterClauses, flagClauses, idIn, idNotIn, MAX_QUERY_LENGTH, normaliseQuery, parseSearchParams, type Mode, type SearchParams } from '../query/search-params.js';

export type SectionHit = Pick<SectionRecord, (typeof SECTION_DISPLAY_FIELDS)[number]> & {
  /** Near results (partialMatch): the query's words this section does not hold. */
  missingWords?: string[];
  /** A part heading whose body is its sub-sections: that body. */
  part?: PartBody;
};

export interface SearchOutcome {
  params: SearchParams;
  /** The mode actually used (a words query with no word in it is matched literally). */
  effectiveMode: Mode;
  total: number;
  totalPages: number;
  hits: SectionHit[];
  facets: Record<FacetName, Record<string, number>>;
  /** Strings to mark in snippets and in the viewer. */
  highlightTerms: string[];
  /**
   * No section holds every word of a words query: the hits are the sections that hold the most of
   * them (more first), each with its missingWords.
   */
  partialMatch: boolean;
  /** The words a words query was taken as (what missingWords names). */
  words: string[];
  tookMs: number;
}

/** One string looked up literally (原文): how many documents hold it, and some of their sections. */
export interface ExactProbe {
  needle: string;
  /**
   * How many the engine matched (a rare false positive of a long string may count): distinct
   * documents when `countDocuments` was asked (exact, and dearer), else sections (estimated).
   */
  count: number;
  /** Up to `perNeedle` section ids; callers verify against the text. */
  sections: Array<{ id: string; docId: string }>;
}

/** What 查重 and 类似表述 need of a section. */
export type SectionText = Pick<SectionRecord, 'id' | 'docId' | 'title' | 'year' | 'period' | 'orgType' | 'heading' | 'headingPath' | 'text'>;
/** Where a section stands in its document too: what finding a part's sub-sections needs. */
type LocatedText = SectionText & Pick<SectionRecord, 'level' | 'order'>;
const SECTION_TEXT_FIELDS = ['id', 'docId', 'title', 'year', 'period', 'orgType', 'heading', 'headingPath', 'text', 'level', 'order'] as const;

export interface SearchServiceDeps {
  client: ClientProvider;
  index: string;
  /** Word segmentation with the domain lexicon (jieba). */
  cut: (text: string) => string[];
  synonyms: Record<string, string[]>;
  /** Refuses an index built by an older schema version (index_outdated) instead of half-reading it. */
  schema?: Pick<SchemaGuard, 'assertCurrent'>;
  /** The portal's copy of the section texts, to verify long 原文 phrases fast (else: on the engine). */
  texts?: Pick<SectionTexts, 'snapshot' | 'ready' | 'current' | 'stillCurrent' | 'warm' | 'countHolding'>;
  /**
   * Whether a long phrase's candidates are checked by counting in the copy (falsePositivesByCount):
   * 'auto' (default) when cheaper than listing them; tests force either way.
   */
  countByScan?: 'auto' | 'always' | 'never';
}

/** Measured (20,000 documents): the engine lists a candidate's id as a facet and the copy checks it. */
const LIST_NS_PER_CANDIDATE = 5_000;
/** Measured: the copy's byte search in the scan thread, per UTF-16 unit (20,000 documents, 34 million: 20–30 ms). */
const SCAN_NS_PER_CHAR = 0.8;
/**
 * Sections holding every four-character window of a phrase but not the phrase, at most, asked about
 * by id when the numbers differ (one filter of this many ids costs the engine a few ms).
 */
const MAX_SUSPECTS = 500;

const WORDLIKE = /[\p{L}\p{N}]/u;
/** Asked once at start (warmUp): long enough to be verified in 原文 mode. */
const WARM_UP_PHRASE = '党建工作总结报告';
/**
 * Long phrases asked at start besides it: measured, the engine's phrase queries and the copy's
 * count take two to three times as long on their first few runs of a process as from the fifth on.
 */
export const WARM_UP_PHRASES = 8;
/** Queries per multi-search request, and requests in flight, when probing many strings. */
const PROBE_CHUNK = 40;
const PROBE_CONCURRENCY = 3;

export class SearchService {
  /**
   * False positives of long exact phrases, per needle, for a short while: paging through the
   * results of one query verifies once. Verified from the copy of the texts, an entry holds only
   * while the index is still the copy's (checked after each search that uses it); verified on the
   * engine, new sections may arrive with an ingest, hence the TTL.
   */
  private readonly verified = new Map<string, { at: number; fps: Set<string>; copy?: TextCopy }>();
  static readonly VERIFY_TTL_MS = 60_000;

  constructor(private readonly deps: SearchServiceDeps) {}

  /**
   * Loads what makes the first queries fast: the copy of the section texts, then one query of each
   * mode, because the first query of a process pays for set-ups made on first use (the engine's
   * Chinese segmenter, the connections, the traditional-script tables of highlighting: ~0.3 s);
   * then `frequent` phrases of the archive (its phrase table's most common) that 原文 verifies,
   * because the first few long phrases still run slower (the engine's postings and the copy's scan,
   * first touched). Their verifications are not kept: they would answer the same phrase asked
   * later without its work. False when there is no copy.
   */
  async warmUp(frequent: readonly string[] = []): Promise<boolean> {
    const copy = (await this.deps.texts?.warm()) ?? false;
    // The scan thread's start and first read of the whole copy (unoptimised): paid here, not by the
    // first long phrase a person asks for (falsePositivesByCount).
    const loaded = copy && this.deps.countByScan !== 'never' ? await this.deps.texts!.ready() : null;
    if (loaded) await this.deps.texts!.countHolding(loaded, WARM_UP_PHRASE);
    for (const mode of ['exact', 'words'] as const) {
      await this.search(parseSearchParams({ q: WARM_UP_PHRASE, mode })).catch(() => {});
    }
    const verified = frequent.filter((p) => p !== WARM_UP_PHRASE && buildExactQuery(p)?.needsVerification).slice(0, WARM_UP_PHRASES);
    for (const q of verified) await this.search(parseSearchParams({ q, mode: 'exact' })).catch(() => {});
    this.verified.clear();
    return copy;
  }

  async search(params: SearchParams): Promise<SearchOutcome> {
    const started = performance.now();
    const checked = this.deps.schema?.assertCurrent();
    const plan = this.plan(params);
    const base = {
      attributesToRetrieve: [...SECTION_DISPLAY_FIELDS],
      matchingStrategy: 'all' as const,
      ...(plan.q ? { q: plan.q, attributesToSearchOn: plan.fields } : {}),
      sort: sortFor(params.sort, !plan.q),
    };
    const selected = FACETS.filter((f) => params.filters[f.name].length > 0);
    const run = async (extraFilter: string[]) => {
      const queries: MultiSearchQuery[] = [
        {
          indexUid: this.deps.index,
          ...base,
          filter: [...filterClauses(params.filters), ...flagClauses(params), ...extraFilter],
          facets: FACETS.filter((f) => !selected.includes(f)).map((f) => f.attribute),
          page: params.page,
          hitsPerPage: params.perPage,
        },
        ...selected.map((f) => ({
          indexUid: this.deps.index,
          ...base,
          filter: [...filterClauses(params.filters, f.name), ...flagClauses(params), ...extraFilter],
          facets: [f.attribute],
          page: 1,
          hitsPerPage: 0,
        })),
      ];
      try {
        return (await (await this.deps.client()).multiSearch({ queries })).results;
      } catch (err) {
        return translateEngineError(err);
      }
    };
    // A long 原文 phrase not verified lately: the search and the verification of its candidates run
    // side by side, and only when verification finds a false positive (rare) is the search repeated
    // without it. Verified before: its false positives are excluded right away.
    let results: Awaited<ReturnType<typeof run>>;
    const cached = plan.verify ? this.cachedFalsePositives(plan.verify.needle) : undefined;
    const beside = plan.verify && !cached && selected.length === 0 && flagClauses(params).length === 0 ? this.copyBeside(plan.verify) : null;
    if (plan.verify && beside) {
      // Unfiltered, with a copy loaded: the search's own exact total is the engine's number of
      // candidates, so the copy's count beside it settles most phrases without a second phrase
      // query on the engine (each costs the engine as much as the search itself).
      const counting = this.deps.texts!.countHolding(beside, plan.verify.needle);
      const [first] = await Promise.all([run([]), checked]);
      results = await this.verifiedBeside(plan.verify, beside, first, counting, run);
    } else if (plan.verify && !cached) {
      const [first, fps] = await Promise.all([run([]), this.falsePositives(plan.verify), checked]);
      results = fps.size > 0 ? await run([idNotIn([...fps])]) : first;
    } else {
      const fps = cached?.fps ?? new Set<string>();
      [results] = await Promise.all([run(fps.size > 0 ? [idNotIn([...fps])] : []), checked]);
      // Read after the search: an index unchanged now was unchanged when the search ran.
      if (plan.verify && cached?.copy && !(await this.deps.texts!.stillCurrent(cached.copy))) {
        const fresh = await this.falsePositives(plan.verify);
        if (fresh.size !== fps.size || [...fresh].some((id) => !fps.has(id))) results = await run(fresh.size > 0 ? [idNotIn([...fresh])] : []);
      }
    }
    const main = results[0]!;
    const total = main.totalHits ?? main.estimatedTotalHits ?? 0;
    const words = plan.words ?? [];
    if (total === 0 && words.length >= 2) {
      const near = await this.nearResults(params, words, selected.map((f) => f.name));
      if (near.total > 0) {
        return { params, effectiveMode: plan.mode, ...near, hits: await this.withParts(near.hits), partialMatch: true, words, highlightTerms: plan.highlight, tookMs: Math.round(performance.now() - started) };
      }
    }
    const facets = assembleFacets(results, selected.map((f) => f.name));
    return {
      params,
      effectiveMode: plan.mode,
      total,
      totalPages: main.totalPages ?? 0,
      hits: await this.withParts(main.hits as unknown as SectionHit[]),
      facets,
      highlightTerms: plan.highlight,
      partialMatch: false,
      words,
      tookMs: Math.round(performance.now() - started),
    };
  }

  /**
   * Near results of a words query no section matches in full: one federated search over every
   * proper subset of the words (each with the same filters), a subset of k words weighted
   * NEAR_WEIGHT^k so that any section holding more words ranks above any holding fewer. The engine
   * counts each section once, under the query it scored best in: the largest subset it holds,
   * which names its missing words. Facets are the union's (a selected facet's own counts without
   * its filter, as in the full search).
   */
  private async nearResults(params: SearchParams, words: string[], selected: FacetName[]) {
    const subsets = nearSubsets(words);
    const queriesFor = (filter: string[]): MultiSearchQuery[] =>
      subsets.map((subset) => ({
        indexUid: this.deps.index,
        q: subset.join(' '),
        attributesToSearchOn: [...WORDS_FIELDS],
        matchingStrategy: 'all' as const,
        filter,
        federationOptions: { weight: NEAR_WEIGHT ** (subset.length - 1) },
      }));
    const facetAttrs = (names: readonly FacetName[]) => FACETS.filter((f) => names.includes(f.name)).map((f) => f.attribute);
    const federated = async (filter: string[], facetNames: readonly FacetName[], page: { offset: number; limit: number }) => {
      try {
        const client = await this.deps.client();
        return (await client.multiSearch({
          queries: queriesFor(filter),
          federation: { ...page, facetsByIndex: { [this.deps.index]: facetAttrs(facetNames) }, mergeFacets: {} },
        } as never)) as unknown as { hits: Array<SectionHit & { _federation?: { queriesPosition: number } }>; estimatedTotalHits?: number; totalHits?: number; facetDistribution?: Record<string, Record<string, number>> };
      } catch (err) {
        return translateEngineError(err);
      }
    };
    const offset = (params.page - 1) * params.perPage;
    const unselected = FACETS.filter((f) => !selected.includes(f.name)).map((f) => f.name);
    const [main, ...perFacet] = await Promise.all([
      federated([...filterClauses(params.filters), ...flagClauses(params)], unselected, { offset, limit: params.perPage }),
      ...selected.map((name) => federated([...filterClauses(params.filters, name), ...flagClauses(params)], [name], { offset: 0, limit: 0 })),
    ]);
    const total = main.totalHits ?? main.estimatedTotalHits ?? 0;
    const hits = main.hits.map(({ _federation, ...hit }) => {
      const held = new Set(subsets[_federation?.queriesPosition ?? -1] ?? []);
      return { ...hit, missingWords: words.filter((w) => !held.has(w)) } as SectionHit;
    });
    const facets = assembleFacets([main, ...perFacet], selected);
    return { total, totalPages: Math.ceil(total / params.perPage), hits, facets };
  }

  /**
   * How many distinct documents a search finds for each given facet value: the same query and
   * filters as `search`, that facet's own selection replaced by the value (as its disjunctive
   * facet counts are), counted with the engine's distinct on docId. One query per value: the
   * engine's facet distribution under distinct counts only the one section kept per document,
   * which is wrong for section-level facets such as themes.
   */
  async documentCounts(params: SearchParams, values: Partial<Record<FacetName, string[]>>): Promise<{ total: number; counts: Record<FacetName, Record<string, number>> }> {
    const plan = await this.plan(params);
    const base = {
      indexUid: this.deps.index,
      matchingStrategy: 'all' as const,
      ...(plan.q ? { q: plan.q, attributesToSearchOn: plan.fields } : {}),
      distinct: 'docId',
      page: 1,
      hitsPerPage: 0,
    };
    const asks = FACETS.flatMap((f) => (values[f.name] ?? []).map((value) => ({ facet: f.name, value })));
    // A long 原文 phrase: its verified false positives are left out, as the search leaves them out.
    const fps = plan.verify ? await this.falsePositives(plan.verify) : new Set<string>();
    const extraFilter = fps.size > 0 ? [idNotIn([...fps])] : [];
    const queries: MultiSearchQuery[] = [
      { ...base, filter: [...filterClauses(params.filters), ...flagClauses(params), ...extraFilter] },
      ...asks.map(({ facet: name, value }) => {
        const filters = { ...params.filters, [name]: [facetValue(name, value)] } as SearchParams['filters'];
        return { ...base, filter: [...filterClauses(filters), ...flagClauses(params), ...extraFilter] };
      }),
    ];
    let results;
    try {
      ({ results } = await (await this.deps.client()).multiSearch({ queries }));
    } catch (err) {
      translateEngineError(err);
    }
    const totalOf = (r: MultiSearchResult<unknown>) => r.totalHits ?? r.estimatedTotalHits ?? 0;
    const counts = Object.fromEntries(FACETS.map((f) => [f.name, {}])) as Record<FacetName, Record<string, number>>;
    asks.forEach((a, i) => (counts[a.facet][a.value] = totalOf(results[i + 1]!)));
    return { total: totalOf(results[0]!), counts };
  }

  /**
   * The narrow door of 查重 and 类似表述 to the exact (原文) representation: for each string, the
   * documents whose sections hold it literally and a few of those sections. Resolved by the engine
   * (one phrase query per string, batched), never by scanning sections here; whatever represents
   * 原文 in the index, this is the one place that knows. Also returns how many documents the
   * archive holds, so callers can tell a stock phrase by the share of documents using it.
   */
  async probeExact(
    needles: string[],
    opts: { perNeedle: number; excludeDocId?: string; countDocuments?: boolean },
  ): Promise<{ totalDocuments: number; probes: ExactProbe[] }> {
    const exclude = opts.excludeDocId && DOC_ID_PATTERN.test(opts.excludeDocId) ? [`docId != "${opts.excludeDocId}"`] : [];
    const built = needles.map((n) => buildExactQuery(n));
    const queries: MultiSearchQuery[] = built.flatMap((b) =>
      b
        ? [{
            indexUid: this.deps.index,
            q: b.q,
            attributesToSearchOn: [...EXACT_FIELDS],
            matchingStrategy: 'all' as const,
            attributesToRetrieve: ['id', 'docId'],
            filter: exclude,
            // Exact distinct counts cost the engine an exhaustive pass; candidates need no more than an estimate.
            ...(opts.countDocuments ? { distinct: 'docId', page: 1, hitsPerPage: opts.perNeedle } : { limit: opts.perNeedle }),
          }]
        : [],
    );
    const countAll: MultiSearchQuery = { indexUid: this.deps.index, distinct: 'docId', page: 1, hitsPerPage: 0 };
    // A multi-search runs its queries one after another: a few requests side by side use the cores.
    const chunks: MultiSearchQuery[][] = [[countAll]];
    for (let i = 0; i < queries.length; i += PROBE_CHUNK) chunks.push(queries.slice(i, i + PROBE_CHUNK));
    const answers: MultiSearchResult<Record<string, unknown>>[][] = [];
    try {
      const client = await this.deps.client();
      for (let i = 0; i < chunks.length; i += PROBE_CONCURRENCY) {
        const batch = await Promise.all(chunks.slice(i, i + PROBE_CONCURRENCY).map((c) => client.multiSearch({ queries: c })));
        for (const b of batch) answers.push(b.results as MultiSearchResult<Record<string, unknown>>[]);
      }
    } catch (err) {
      translateEngineError(err);
    }
    const flat = answers.flat();
    const all = flat.shift()!;
    let k = 0;
    const probes = built.map((b, i): ExactProbe => {
      if (!b) return { needle: needles[i]!, count: 0, sections: [] };
      const r = flat[k++]!;
      return {
        needle: b.needle,
        count: r.totalHits ?? r.estimatedTotalHits ?? 0,
        sections: (r.hits as unknown as Array<{ id: string; docId: string }>).map((h) => ({ id: h.id, docId: h.docId })),
      };
    });
    return { totalDocuments: all.totalHits ?? all.estimatedTotalHits ?? 0, probes };
  }

  /** Hits on bare part headings get their part's body (part-bodies.ts). */
  private async withParts(hits: SectionHit[]): Promise<SectionHit[]> {
    if (!hits.some((h) => h.text.trim() === '')) return hits;
    let bodies: Map<string, PartBody>;
    try {
      bodies = await partBodies(await this.deps.client(), this.deps.index, hits);
    } catch (err) {
      return translateEngineError(err);
    }
    return hits.map((h) => (bodies.has(h.id) ? { ...h, part: bodies.get(h.id)! } : h));
  }

  /**
   * Sections by id with their text (unknown ids are left out). `wholeParts`: a bare part heading's
   * text is its sub-sections' (what the basket and the export keep of it).
   */
  async sectionsByIds(ids: string[], opts: { wholeParts?: boolean } = {}): Promise<SectionText[]> {
    const sections = await this.sectionsByIdsOnly(ids);
    if (!opts.wholeParts || !sections.some((s) => s.text.trim() === '')) return sections;
    let bodies: Map<string, PartBody>;
    try {
      bodies = await partBodies(await this.deps.client(), this.deps.index, sections);
    } catch (err) {
      return translateEngineError(err);
    }
    return sections.map((s) => (bodies.has(s.id) ? { ...s, text: bodies.get(s.id)!.text } : s));
  }

  private async sectionsByIdsOnly(ids: string[]): Promise<LocatedText[]> {
    const valid = [...new Set(ids)].filter((id) => SECTION_ID_PATTERN.test(id));
    if (valid.length === 0) return [];
    try {
      const client = await this.deps.client();
      const out: LocatedText[] = [];
      for (let i = 0; i < valid.length; i += 500) {
        const part = valid.slice(i, i + 500);
        const r = await client.index(this.deps.index).search<LocatedText>('', {
          filter: `id IN [${part.map((id) => `"${id}"`).join(', ')}]`,
          attributesToRetrieve: [...SECTION_TEXT_FIELDS, 'level', 'order'],
          limit: part.length,
        });
        out.push(...r.hits);
      }
      return out;
    } catch (err) {
      translateEngineError(err);
    }
  }

  /** The strings the viewer marks for a query, as the search itself would. */
  async highlightTermsFor(q: string, mode: Mode): Promise<string[]> {
    return this.interpret(normaliseQuery(q).slice(0, MAX_QUERY_LENGTH), mode).highlight;
  }

  /**
   * What a query means: words (simplified script, segmented with the lexicon) or a literal string.
   * A words query with no word in it (only punctuation) is taken literally: the engine would
   * ignore the punctuation and match everything.
   */
  private interpret(raw: string, mode: Mode): { mode: 'words'; q: string; words: string[]; highlight: string[] } | { mode: 'exact'; exact: ExactQuery | null; highlight: string[] } {
    if (mode === 'words' && raw) {
      const q = toSimplified(raw);
      const words = this.deps.cut(q).filter((w) => WORDLIKE.test(w));
      if (words.length > 0) return { mode: 'words', q, words: queryWords(q, words), highlight: this.wordsHighlight(q, words) };
    }
    const exact = raw ? buildExactQuery(raw) : null;
    return { mode: 'exact', exact, highlight: exact ? [exact.needle] : [] };
  }

  private plan(params: SearchParams): {
    mode: Mode;
    q: string;
    fields: string[];
    /** A long 原文 phrase whose candidates must be verified. */
    verify?: ExactQuery;
    /** The words of a words query. */
    words?: string[];
    highlight: string[];
  } {
    if (!params.q) return { mode: params.mode, q: '', fields: [], highlight: [] };
    const meaning = this.interpret(params.q, params.mode);
    if (meaning.mode === 'words') {
      return { mode: 'words', q: meaning.q, fields: [...WORDS_FIELDS], words: meaning.words, highlight: meaning.highlight };
    }
    const { exact } = meaning;
    if (!exact) return { mode: 'exact', q: '', fields: [], highlight: [] };
    return {
      mode: 'exact',
      q: exact.q,
      fields: [...EXACT_FIELDS],
      ...(exact.needsVerification ? { verify: exact } : {}),
      highlight: meaning.highlight,
    };
  }

  private wordsHighlight(q: string, words: string[]): string[] {
    const terms = new Set<string>(words);
    for (const key of [q, ...words]) for (const syn of this.deps.synonyms[key] ?? []) terms.add(syn);
    // Documents in traditional script are found through their simplified sub-words; mark them too.
    for (const t of [...terms]) for (const form of traditionalForms(t)) terms.add(form);
    return [...terms].sort((a, b) => b.length - a.length);
  }

  private cachedFalsePositives(needle: string): { fps: Set<string>; copy?: TextCopy } | undefined {
    const cached = this.verified.get(needle);
    return cached && Date.now() - cached.at < SearchService.VERIFY_TTL_MS ? cached : undefined;
  }

  /** Candidates of a long phrase that do not contain the needle (usually none). */
  private async falsePositives(exact: ExactQuery, byCount = true): Promise<Set<string>> {
    const fromCopy = await this.falsePositivesFromCopy(exact, byCount);
    return this.remember(exact.needle, fromCopy?.fps ?? (await this.falsePositivesFromEngine(exact)), fromCopy?.copy);
  }

  private remember(needle: string, fps: Set<string>, copy?: TextCopy): Set<string> {
    if (this.verified.size > 500) this.verified.clear();
    this.verified.set(needle, { at: Date.now(), fps, ...(copy ? { copy } : {}) });
    return fps;
  }

  /**
   * The copy a search's own total can be checked against: one already loaded when the search
   * starts (so that, still current after it, the search saw the copy's state), and a needle the
   * copy can count. Null when counting is off or there is none.
   */
  private copyBeside(exact: ExactQuery): TextCopy | null {
    if (!this.deps.texts || this.deps.countByScan === 'never' || exact.needle.includes('\n')) return null;
    return this.deps.texts.snapshot();
  }

  /**
   * The answer of an unfiltered search (`first`, its total exact) without the false candidates,
   * from the copy's count of the needle (started beside it). Equal numbers: `first` stands. The
   * engine counting more: every section holding each four-character window of the needle but not
   * the needle (the copy's suspects) is left out and the search run again — leaving out a section
   * that lacks the needle is never wrong, and when the total then equals the copy's count they were
   * all the false ones (one engine query fewer than asking which suspects are candidates). Else the
   * usual ways: listed against a copy that is current, or everything again when the index moved.
   */
  private async verifiedBeside(
    exact: ExactQuery,
    copy: TextCopy,
    first: Array<MultiSearchResult<Record<string, unknown>>>,
    counting: Promise<number>,
    run: (extraFilter: string[]) => Promise<Array<MultiSearchResult<Record<string, unknown>>>>,
  ): Promise<Array<MultiSearchResult<Record<string, unknown>>>> {
    const total = first[0]!.totalHits;
    let settled: { fps: Set<string>; results: typeof first } | null = null;
    if (total !== undefined && !this.listingIsCheaper(total, copy)) {
      const count = await counting;
      if (count === total) settled = { fps: new Set(), results: first };
      else if (count < total) {
        const suspects = copy.suspects(exact.needle, MAX_SUSPECTS);
        if (suspects && count + suspects.length >= total) {
          const again = await run([idNotIn(suspects)]);
          if (again[0]!.totalHits === count) settled = { fps: new Set(suspects), results: again };
        }
      }
    }
    // Read after every query on the engine: a copy in step now was in step when they ran.
    const current = await this.deps.texts!.stillCurrent(copy);
    if (current && settled) {
      this.remember(exact.needle, settled.fps, copy);
      return settled.results;
    }
    const fps = await this.falsePositives(exact, !current);
    return fps.size > 0 ? run([idNotIn([...fps])]) : first;
  }

  /** Whether listing `total` candidates costs less than reading the whole copy (countByScan 'auto'). */
  private listingIsCheaper(total: number, copy: TextCopy): boolean {
    return this.deps.countByScan !== 'always' && total * LIST_NS_PER_CANDIDATE < copy.chars * SCAN_NS_PER_CHAR;
  }

  /**
   * The candidates' ids as a facet (no ranking, no texts) checked against the portal's copy of the
   * texts; null when there is no copy or the facet did not list every candidate. A copy found
   * behind the index (it changed since) is brought up to date first: a step of the changed
   * documents is far cheaper than verifying thousands of candidates on the engine. `byCount`
   * false: the numbers were tried already (verifiedBeside), the candidates are listed.
   */
  private async falsePositivesFromCopy(exact: ExactQuery, byCount: boolean): Promise<{ fps: Set<string>; copy: TextCopy } | null> {
    const texts = this.deps.texts;
    if (!texts || exact.needle.includes('\n')) return null;
    for (let attempt = 0; attempt < 2; attempt++) {
      const copy = attempt === 0 ? await texts.ready() : await texts.current();
      if (!copy) return null;
      // Many candidates: count the sections holding the needle in the copy instead of listing the
      // candidates. Every section holding it is a candidate, so equal counts mean none is false;
      // unequal ones are settled by the copy's suspects when they can be (falsePositivesByCount).
      const counted = byCount ? await this.falsePositivesByCount(exact, copy) : null;
      if (counted) {
        if (await texts.stillCurrent(copy)) return { fps: counted, copy };
        continue;
      }
      let ids: string[];
      let total: number;
      try {
        const r = await (await this.deps.client()).index(this.deps.index).search(exact.q, {
          attributesToSearchOn: [...EXACT_FIELDS],
          matchingStrategy: 'all',
          facets: ['id'],
          page: 1,
          hitsPerPage: 0,
        } satisfies MeiliSearchParams);
        ids = Object.keys(r.facetDistribution?.['id'] ?? {});
        total = r.totalHits ?? -1;
      } catch (err) {
        return translateEngineError(err);
      }
      // A facet lists at most maxValuesPerFacet values (an index whose settings predate this one).
      if (ids.length !== total) return null;
      // Read after the candidates: a copy in step now was in step when they were found.
      if (!(await texts.stillCurrent(copy))) continue;
      const fps = new Set<string>();
      for (const id of ids) {
        const joined = copy.get(id);
        if (joined === undefined) return null; // cannot happen with a current copy; the engine decides
        if (!joinedContains(joined, exact.needle)) fps.add(id);
      }
      return { fps, copy };
    }
    return null;
  }

  /**
   * The engine's false candidates for the needle told by numbers, without listing the candidates:
   * one count on the engine (no facet, no hits) and, beside it in the scan thread, one scan of the
   * copy — waited for when listing that many candidates (~5 µs each) would cost more than reading
   * the copy (~0.8 ns a character).
   * Every section holding the needle is a candidate, so equal numbers mean none is false. When
   * the engine counts more, the false ones are among the copy's suspects (every four-character
   * window, not the whole: TextCopy.suspects); the engine is asked which suspects are candidates, and
   * if they make up the difference exactly, they are the false ones. Null when the scan is not
   * worth it or the numbers do not add up (then the candidates are listed).
   */
  private async falsePositivesByCount(exact: ExactQuery, copy: TextCopy): Promise<Set<string> | null> {
    if (this.deps.countByScan === 'never') return null;
    // The copy is read in the scan thread while the engine counts: neither waits for the other, and
    // the main thread is free for the search's own answer meanwhile. When listing turns out
    // cheaper, the thread's count is not waited for (it never rejects: a failed thread counts here).
    const counting = this.deps.texts!.countHolding(copy, exact.needle);
    let total: number;
    try {
      const r = await (await this.deps.client()).index(this.deps.index).search(exact.q, {
        attributesToSearchOn: [...EXACT_FIELDS],
        matchingStrategy: 'all',
        page: 1,
        hitsPerPage: 0,
      } satisfies MeiliSearchParams);
      total = r.totalHits ?? -1;
    } catch (err) {
      return translateEngineError(err);
    }
    return this.settleByCount(exact, copy, total, counting);
  }

  /**
   * The false candidates among the engine's `total` for the needle, from the copy's count of the
   * sections holding it (`counting`) and, when they differ, its suspects; null when listing the
   * candidates is cheaper than waiting for the count or the numbers do not add up.
   */
  private async settleByCount(exact: ExactQuery, copy: TextCopy, total: number, counting: Promise<number>): Promise<Set<string> | null> {
    if (this.listingIsCheaper(total, copy)) return null;
    const count = await counting;
    if (count === total) return new Set();
    const suspects = count < total ? copy.suspects(exact.needle, MAX_SUSPECTS) : null;
    if (!suspects || count + suspects.length < total) return null;
    let ids: string[];
    try {
      const r = await (await this.deps.client()).index(this.deps.index).search(exact.q, {
        attributesToSearchOn: [...EXACT_FIELDS],
        matchingStrategy: 'all',
        filter: idIn(suspects),
        facets: ['id'],
        page: 1,
        hitsPerPage: 0,
      } satisfies MeiliSearchParams);
      ids = Object.keys(r.facetDistribution?.['id'] ?? {});
      if (ids.length !== r.totalHits) return null;
    } catch (err) {
      return translateEngineError(err);
    }
    return count + ids.length === total ? new Set(ids) : null;
  }

  private async falsePositivesFromEngine(exact: ExactQuery): Promise<Set<string>> {
    const fps = new Set<string>();
    // Few large requests: the engine's cost is per candidate, and each request ranks them again.
    const hitsPerPage = 5000;
    try {
      const client = await this.deps.client();
      const page = (n: number) =>
        client.index(this.deps.index).search<SectionHit>(exact.q, {
          attributesToSearchOn: [...EXACT_FIELDS],
          matchingStrategy: 'all',
          attributesToRetrieve: ['id', 'heading', 'text'],
          page: n,
          hitsPerPage,
        } satisfies MeiliSearchParams);
      const check = (hits: SectionHit[]) => {
        for (const h of hits) if (!sectionContains(h.heading, h.text, exact.needle)) fps.add(h.id);
      };
      const first = await page(1);
      check(first.hits);
      const totalPages = (first as { totalPages?: number }).totalPages ?? 1;
      for (let n = 2; n <= totalPages; n++) check((await page(n)).hits);
    } catch (err) {
      translateEngineError(err);
    }
    return fps;
  }
}

/**
 * The words of a words query as staff typed them: the terms between spaces (垃圾分类 stays one
 * word, all of whose pieces a section must hold); a query typed without spaces is taken as its
 * segmented words (节日廉洁提醒 → 节日, 廉洁, 提醒).
 */
export function queryWords(q: string, segmented: string[]): string[] {
  const terms = q.split(/\s+/).filter((t) => WORDLIKE.test(t));
  return [...new Set(terms.length >= 2 ? terms : segmented)];
}

/** Weight ratio between subsets one word apart: more than the spread of the engine's ranking scores. */
const NEAR_WEIGHT = 1000;
/** Words beyond which only subsets missing one or two words are tried (the number of subsets grows as 2^n). */
const NEAR_ALL_SUBSETS_UP_TO = 5;

/**
 * The proper, non-empty subsets of a query's words tried for near results, largest first, each in
 * the query's order. Up to NEAR_ALL_SUBSETS_UP_TO words every subset; beyond, those missing one or
 * two words (a section holding fewer is not a near result of a long query). A subset of
 * one-character words only is left out.
 */
export function nearSubsets(words: string[]): string[][] {
  const n = words.length;
  const out: string[][] = [];
  const smallest = n <= NEAR_ALL_SUBSETS_UP_TO ? 1 : Math.max(1, n - 2);
  for (let size = n - 1; size >= smallest; size--) {
    const pick = (start: number, chosen: string[]) => {
      if (chosen.length === size) {
        out.push(chosen);
        return;
      }
      for (let i = start; i <= n - (size - chosen.length); i++) pick(i + 1, [...chosen, words[i]!]);
    };
    pick(0, []);
  }
  // A lone character or digit (1, 年) is in too many sections to make a result near the query.
  return out.filter((subset) => subset.some((w) => [...w].length >= 2));
}

/** A facet value as the filter builder takes it: years are numbers. */
function facetValue(name: FacetName, value: string): string | number {
  return FACETS.find((f) => f.name === name)!.values === null ? Number(value) : value;
}

function sortFor(sort: SearchParams['sort'], browsing: boolean): string[] | undefined {
  // Browsing (no query) lists sections in reading order within the newest documents first.
  const reading = ['docId:asc', 'order:asc'];
  if (sort === 'year:desc') return browsing ? ['year:desc', ...reading] : ['year:desc'];
  if (sort === 'year:asc') return browsing ? ['year:asc', ...reading] : ['year:asc'];
  return browsing ? ['year:desc', ...reading] : undefined;
}

/**
 * Facet counts of a multi-search answer: results[0] is the main query, followed by one query per
 * selected facet (in `selected` order) run without that facet's own filter, so a selected value
 * does not hide its siblings' counts (disjunctive faceting).
 */
export function assembleFacets(
  results: ReadonlyArray<Pick<MultiSearchResult<unknown>, 'facetDistribution'>>,
  selected: readonly FacetName[],
): Record<FacetName, Record<string, number>> {
  const facets = {} as Record<FacetName, Record<string, number>>;
  for (const f of FACETS) {
    const i = selected.indexOf(f.name);
    const from = i >= 0 ? results[1 + i] : results[0];
    facets[f.name] = { ...(from?.facetDistribution?.[f.attribute] ?? {}) };
  }
  return facets;
}

/** Where a section stands, as every answer that cites it names it (查重 sources, 类似表述, the basket). */
export function sectionSource(s: Pick<SectionHit, 'id' | 'docId' | 'title' | 'year' | 'period' | 'headingPath' | 'heading'>) {
  return { sectionId: s.id, docId: s.docId, docTitle: s.title, year: s.year, period: s.period, headingPath: s.headingPath, heading: s.heading };
}
