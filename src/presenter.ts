// One presenter builds the result view-model for both the HTML pages and the JSON API.
import type { DocumentDetail, DocumentSummary } from './search/documents-service.js';
import type { SearchOutcome, SectionHit } from './search/search-service.js';
import type { FacetName } from './search/schema.js';
import { highlightHtml, snippetHtml } from './highlight.js';
import type { SearchParams } from './search/query.js';
import { FACET_ORDER } from './facet-values.js';

export interface HitView {
  id: string;
  docId: string;
  docTitle: string;
  headingPath: string[];
  heading: string;
  year: number | null;
  period: string;
  orgType: string;
  themes: string[];
  /** HTML-safe: everything escaped except <mark>. */
  snippet: string;
  text: string;
  url: string;
}

export interface FacetValueView {
  value: string;
  count: number;
  selected: boolean;
}

export interface SearchView {
  query: string;
  mode: SearchParams['mode'];
  effectiveMode: SearchParams['mode'];
  sort: SearchParams['sort'];
  filters: SearchParams['filters'];
  total: number;
  page: number;
  perPage: number;
  totalPages: number;
  hits: HitView[];
  facets: Record<FacetName, Record<string, number>>;
  highlightTerms: string[];
  tookMs: number;
}

export function viewerUrl(docId: string, sectionId: string | null, q: string, mode: string): string {
  const params = new URLSearchParams();
  if (q) {
    params.set('q', q);
    params.set('mode', mode);
  }
  const qs = params.toString();
  return `/documents/${docId}${qs ? `?${qs}` : ''}${sectionId ? `#section-${sectionId}` : ''}`;
}

export function presentHit(h: SectionHit, outcome: Pick<SearchOutcome, 'highlightTerms' | 'effectiveMode'>, q: string): HitView {
  return {
    id: h.id,
    docId: h.docId,
    docTitle: h.title,
    headingPath: h.headingPath,
    heading: h.heading,
    year: h.year,
    period: h.period,
    orgType: h.orgType,
    themes: h.themes,
    snippet: snippetHtml(h.text || h.heading, outcome.highlightTerms),
    text: h.text,
    url: viewerUrl(h.docId, h.id, q, outcome.effectiveMode),
  };
}

export function presentSearch(outcome: SearchOutcome): SearchView {
  const p = outcome.params;
  return {
    query: p.q,
    mode: p.mode,
    effectiveMode: outcome.effectiveMode,
    sort: p.sort,
    filters: p.filters,
    total: outcome.total,
    page: p.page,
    perPage: p.perPage,
    totalPages: outcome.totalPages,
    hits: outcome.hits.map((h) => presentHit(h, outcome, p.q)),
    facets: outcome.facets,
    highlightTerms: outcome.highlightTerms,
    tookMs: outcome.tookMs,
  };
}

/** Facet values for the page: known order, counts, selection; selected values stay visible at 0. */
export function facetValues(view: SearchView, facet: FacetName): FacetValueView[] {
  const counts = view.facets[facet];
  const selected = (view.filters[facet] as Array<string | number>).map(String);
  const values = new Set([...Object.keys(counts), ...selected]);
  const order = FACET_ORDER[facet];
  const sorted = [...values].sort((a, b) =>
    order ? order.indexOf(a) - order.indexOf(b) : facet === 'year' ? Number(b) - Number(a) : a.localeCompare(b),
  );
  return sorted.map((value) => ({ value, count: counts[value] ?? 0, selected: selected.includes(value) }));
}

export interface DocumentView extends DocumentSummary {
  sections: Array<SectionHit & { headingHtml: string; textHtml: string; matchCount: number }>;
  matchTotal: number;
  originalUrl: string;
}

export function presentDocumentSummary(d: DocumentSummary) {
  return {
    docId: d.docId,
    title: d.title,
    year: d.year,
    period: d.period,
    orgType: d.orgType,
    sourceFile: d.sourceFile,
    sectionCount: d.sectionCount,
  };
}

/** The viewer: every section with every occurrence of the highlight terms marked. */
export function presentDocument(d: DocumentDetail, terms: string[]): DocumentView {
  let matchTotal = 0;
  const sections = d.sections.map((s) => {
    const headingHtml = highlightHtml(s.heading, terms);
    const textHtml = highlightHtml(s.text, terms);
    const matchCount = (headingHtml.match(/<mark>/g)?.length ?? 0) + (textHtml.match(/<mark>/g)?.length ?? 0);
    matchTotal += matchCount;
    return { ...s, headingHtml, textHtml, matchCount };
  });
  const { sections: _omit, cleanedText: _text, ...summary } = d;
  return { ...summary, sections, matchTotal, originalUrl: `/documents/${d.docId}/original` };
}
