// Recall and precision of both search modes against a brute-force scan of the indexed sections.
import type { Meilisearch } from 'meilisearch';
import type { SearchService } from '../src/web/services/search-service.js';
import { parseSearchParams, type Mode } from '../src/web/query/search-params.js';
import { sectionContains, unquote } from '../src/core/exact-grams.js';
import type { EvalQuery } from './recall-queries.js';

export interface IndexedSection {
  id: string;
  heading: string;
  text: string;
}

export interface QueryResult {
  q: string;
  kind: string;
  mode: Mode;
  expected: number;
  returned: number;
  found: number;
  missed: string[];
  extra: string[];
}

export interface ModeSummary {
  mode: Mode;
  queries: number;
  recall: number;
  precision: number;
  differing: QueryResult[];
}

export async function indexedSections(admin: Meilisearch, index: string): Promise<IndexedSection[]> {
  const out: IndexedSection[] = [];
  for (let offset = 0; ; offset += 1000) {
    const r = await admin.index(index).getDocuments<IndexedSection>({ fields: ['id', 'heading', 'text'], limit: 1000, offset });
    out.push(...r.results);
    if (r.results.length < 1000) break;
  }
  return out;
}

/**
 * What each mode should find. 原文: every section containing the string. 词语: every section
 * containing each of the query's words (as the search segments them), wherever they stand.
 */
export function reference(sections: IndexedSection[], q: string, mode: Mode, words: string[]): Set<string> {
  if (mode === 'exact') {
    const needle = unquote(q);
    return new Set(sections.filter((s) => sectionContains(s.heading, s.text, needle)).map((s) => s.id));
  }
  return new Set(sections.filter((s) => words.every((w) => containsWord(`${s.heading}\n${s.text}`, w))).map((s) => s.id));
}

/** A word inside the text, anywhere, except that numbers are whole: 1次 is not in 21次, 2020 is not in 12020. */
export function containsWord(text: string, word: string): boolean {
  const digitStart = /^\p{Nd}/u.test(word);
  const digitEnd = /\p{Nd}$/u.test(word);
  for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + 1)) {
    if (digitStart && i > 0 && /\p{Nd}/u.test(text[i - 1]!)) continue;
    const after = text[i + word.length];
    if (digitEnd && after !== undefined && /\p{Nd}/u.test(after)) continue;
    return true;
  }
  return false;
}

async function allIds(search: Pick<SearchService, 'search'>, q: string, mode: Mode): Promise<{ ids: Set<string>; effective: Mode; terms: string[] }> {
  const ids = new Set<string>();
  let effective: Mode = mode;
  let terms: string[] = [];
  for (let page = 1; ; page++) {
    const r = await search.search(parseSearchParams({ q, mode, page: String(page), perPage: '100' }));
    effective = r.effectiveMode;
    terms = r.highlightTerms;
    for (const h of r.hits) ids.add(h.id);
    if (page >= r.totalPages || r.hits.length === 0) break;
  }
  return { ids, effective, terms };
}

export async function evaluate(
  search: Pick<SearchService, 'search'>,
  sections: IndexedSection[],
  queries: EvalQuery[],
  cut: (s: string) => string[],
): Promise<ModeSummary[]> {
  const summaries: ModeSummary[] = [];
  for (const mode of ['exact', 'words'] as Mode[]) {
    let expectedTotal = 0;
    let foundTotal = 0;
    let returnedTotal = 0;
    const differing: QueryResult[] = [];
    for (const { q, kind } of queries) {
      const got = await allIds(search, q, mode);
      const words = got.effective === 'exact' ? [unquote(q)] : cut(q).filter((w) => /[\p{L}\p{N}]/u.test(w));
      const ref = reference(sections, q, got.effective, words);
      const found = [...got.ids].filter((id) => ref.has(id));
      expectedTotal += ref.size;
      foundTotal += found.length;
      returnedTotal += got.ids.size;
      const missed = [...ref].filter((id) => !got.ids.has(id));
      const extra = [...got.ids].filter((id) => !ref.has(id));
      if (missed.length || extra.length) {
        differing.push({ q, kind, mode, expected: ref.size, returned: got.ids.size, found: found.length, missed, extra });
      }
    }
    summaries.push({
      mode,
      queries: queries.length,
      recall: expectedTotal ? foundTotal / expectedTotal : 1,
      precision: returnedTotal ? foundTotal / returnedTotal : 1,
      differing,
    });
  }
  return summaries;
}

export function formatSummaries(summaries: ModeSummary[], sections: number): string {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const lines = [`sections scanned: ${sections}`];
  for (const s of summaries) {
    lines.push(`${s.mode === 'exact' ? '原文 exact' : '词语 words'}: ${s.queries} queries, recall ${pct(s.recall)}, precision ${pct(s.precision)}`);
    for (const d of s.differing) {
      lines.push(`  ≠ [${d.kind}] ${d.q}: expected ${d.expected}, returned ${d.returned}, missed ${d.missed.length}, extra ${d.extra.length}`);
    }
  }
  return lines.join('\n');
}
