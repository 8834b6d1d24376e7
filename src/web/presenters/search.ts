// The search presenter: one view-model of a search answer for both the HTML page and the JSON API.
import { sortFacetValues, type FacetName } from '../../core/vocabulary.js';
import { snippetHtml } from './highlight.js';
import type { SearchParams } from '../query/search-params.js';
import type { SearchOutcome, SectionHit } from '../services/search-service.js';
import { maskedNote, ocrNote, originalUrl, truncationNote, viewerUrl } from './format.js';

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
  /** The source left text out of the document (a paywall or 省略 notice was removed). */
  truncated: boolean;
  /** Characters the source says are missing, when it says (null otherwise). */
  missingChars: number | null;
  /** 原文缺失约 1203 字 / 原文不完整…, null for a complete document. */
  truncationNote: string | null;
  /** 1-based page of the original on which the section starts (paged sources: PDF, OFD, scans), else null. */
  page: number | null;
  /** The text was recognised from a scan (OCR) and may hold errors. */
  ocr: boolean;
  /** 文字由扫描件识别（OCR）得到…, null for text read from the file itself. */
  ocrNote: string | null;
  /** The source masked words (以习新时代中国特色.主义思想). */
  masked: boolean;
  /** 原文有屏蔽字, null when nothing is masked. */
  maskedNote: string | null;
  /** HTML-safe: everything escaped except <mark>. */
  snippet: string;
  text: string;
  /** A part heading: how many sub-sections its part holds (0 for a section with its own text). */
  subsections: number;
  url: string;
  /** The original file, at the section's page when it has one. */
  originalUrl: string;
  /** Near results: the query's words this section does not hold ([] when it holds them all). */
  missingWords: string[];
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
  truncated: SearchParams['truncated'];
  total: number;
  page: number;
  perPage: number;
  totalPages: number;
  hits: HitView[];
  facets: Record<FacetName, Record<string, number>>;
  highlightTerms: string[];
  /** No section holds every word: the hits hold the most of them (see missingWords). */
  partialMatch: boolean;
  /** Words of the query that no hit on this page holds, for the page's sentence. */
  missingWords: string[];
  tookMs: number;
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
    truncated: h.truncated === true,
    missingChars: h.missingChars ?? null,
    truncationNote: truncationNote(h),
    page: h.page ?? null,
    ocr: h.ocr === true,
    ocrNote: ocrNote(h),
    masked: h.masked === true,
    maskedNote: maskedNote(h),
    // A part heading's snippet and copy are its part (its own text is empty).
    snippet: snippetHtml(h.part?.text || h.text || h.heading, outcome.highlightTerms),
    text: h.part?.text ?? h.text,
    subsections: h.part?.subsections ?? 0,
    url: viewerUrl(h.docId, h.id, q, outcome.effectiveMode),
    originalUrl: originalUrl(h.docId, h.page ?? null),
    missingWords: h.missingWords ?? [],
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
    truncated: p.truncated,
    total: outcome.total,
    page: p.page,
    perPage: p.perPage,
    totalPages: outcome.totalPages,
    hits: outcome.hits.map((h) => presentHit(h, outcome, p.q)),
    facets: outcome.facets,
    highlightTerms: outcome.highlightTerms,
    partialMatch: outcome.partialMatch,
    // In the query's order: the words the best hits lack (the first hit lacks the fewest).
    missingWords: outcome.partialMatch ? outcome.words.filter((w) => outcome.hits.some((h) => h.missingWords?.includes(w))) : [],
    tookMs: outcome.tookMs,
  };
}

/** Facet values for the page: known order, counts, selection; selected values stay visible at 0. */
export function facetValues(view: SearchView, facet: FacetName): FacetValueView[] {
  const counts = view.facets[facet];
  const selected = (view.filters[facet] as Array<string | number>).map(String);
  const values = new Set([...Object.keys(counts), ...selected]);
  return sortFacetValues(facet, [...values]).map((value) => ({ value, count: counts[value] ?? 0, selected: selected.includes(value) }));
}
