// The search page keeps its whole state in the URL. Every link and form on the page is built
// here from the current state plus one change, so no template concatenates query strings.
import { FACET_NAMES, FACETS, facetValueText, type FacetName } from '../../core/vocabulary.js';
import { DEFAULT_PER_PAGE, type Mode, type SearchFilters, type SearchParams, type Sort } from './search-params.js';

export interface UrlState {
  q: string;
  mode: Mode;
  sort: Sort;
  filters: { [K in FacetName]: string[] };
  /** The yes/no filter on sources that left text out (null or absent: no filter). */
  truncated?: boolean | null;
  page: number;
  perPage: number;
}

export function stateFromParams(
  p: Pick<SearchParams, 'q' | 'mode' | 'sort' | 'page' | 'perPage'> & { filters: SearchFilters; truncated?: boolean | null },
): UrlState {
  return {
    truncated: p.truncated ?? null,
    q: p.q,
    mode: p.mode,
    sort: p.sort,
    page: p.page,
    perPage: p.perPage,
    filters: stringFilters((name) => p.filters[name].map(String)),
  };
}

/** A filter object of strings, one entry per facet. */
function stringFilters(values: (name: FacetName) => string[]): UrlState['filters'] {
  return Object.fromEntries(FACET_NAMES.map((name) => [name, values(name)])) as UrlState['filters'];
}

export function emptyState(): UrlState {
  return { q: '', mode: 'words', sort: 'relevance', page: 1, perPage: DEFAULT_PER_PAGE, filters: stringFilters(() => []) };
}

/** Name/value pairs of a state, defaults left out so URLs stay short and canonical. */
export function stateEntries(s: UrlState): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (s.q) out.push(['q', s.q]);
  if (s.mode !== 'words') out.push(['mode', s.mode]);
  if (s.sort !== 'relevance') out.push(['sort', s.sort]);
  for (const f of FACET_NAMES) for (const v of s.filters[f]) out.push([f, v]);
  if (s.truncated !== undefined && s.truncated !== null) out.push(['truncated', String(s.truncated)]);
  if (s.perPage !== DEFAULT_PER_PAGE) out.push(['perPage', String(s.perPage)]);
  if (s.page > 1) out.push(['page', String(s.page)]);
  return out;
}

export function searchHref(s: UrlState, path = '/'): string {
  const qs = new URLSearchParams(stateEntries(s)).toString();
  return qs ? `${path}?${qs}` : path;
}

/** The 统计 view of the same search (its page and page size mean nothing there). */
export function statsHref(s: UrlState): string {
  const qs = new URLSearchParams(stateEntries({ ...s, page: 1, perPage: DEFAULT_PER_PAGE, sort: 'relevance' })).toString();
  return qs ? `/stats?${qs}` : '/stats';
}

const cloneFilters = (f: UrlState['filters']): UrlState['filters'] => stringFilters((name) => [...f[name]]);

/**
 * Links of the search page relative to its current state. Anything that changes the result set
 * (query, mode, filters, sort) goes back to page 1; only `page()` keeps the rest and moves.
 */
export class SearchUrls {
  /** `path`: the page these links stay on (the search page, or the 统计 view of the same state). */
  constructor(
    readonly state: UrlState,
    readonly path: '/' | '/stats' = '/',
  ) {}

  private with(patch: Partial<UrlState>): string {
    return searchHref({ ...this.state, filters: cloneFilters(this.state.filters), page: 1, ...patch }, this.path);
  }

  current(): string {
    return searchHref(this.state, this.path);
  }

  isSelected(facet: FacetName, value: string): boolean {
    return this.state.filters[facet].includes(value);
  }

  /** Adds the value to the facet's selection (OR within a facet), or removes it if selected. */
  toggle(facet: FacetName, value: string): string {
    const filters = cloneFilters(this.state.filters);
    const list = filters[facet];
    filters[facet] = list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
    return this.with({ filters });
  }

  /** Makes sure the value is selected (a theme tag on a hit adds, never removes). */
  add(facet: FacetName, value: string): string {
    if (this.isSelected(facet, value)) return this.with({});
    return this.toggle(facet, value);
  }

  /** This facet narrowed to exactly one value (a chart's bar), the rest of the state kept. */
  only(facet: FacetName, value: string): string {
    const filters = cloneFilters(this.state.filters);
    filters[facet] = [value];
    return this.with({ filters });
  }

  /** The 统计 view of the current search. */
  stats(): string {
    return statsHref(this.state);
  }

  remove(facet: FacetName, value: string): string {
    const filters = cloneFilters(this.state.filters);
    filters[facet] = filters[facet].filter((v) => v !== value);
    return this.with({ filters });
  }

  clearFilters(): string {
    return this.with({ filters: stringFilters(() => []), truncated: null });
  }

  mode(mode: Mode): string {
    return this.with({ mode });
  }

  sort(sort: Sort): string {
    return this.with({ sort });
  }

  query(q: string, mode: Mode = this.state.mode): string {
    return this.with({ q, mode });
  }

  page(page: number): string {
    return searchHref({ ...this.state, page }, this.path);
  }

  /** Hidden inputs that carry the state a form does not show itself (filters, page size). */
  hiddenFields(): Array<{ name: string; value: string }> {
    return stateEntries(this.state)
      .filter(([name]) => !['q', 'mode', 'sort', 'page'].includes(name))
      .map(([name, value]) => ({ name, value }));
  }

  /** Selected filters as chips, each with the link that removes it. */
  chips(): Array<{ facet: FacetName | 'truncated'; label: string; value: string; text: string; href: string }> {
    const chips: ReturnType<SearchUrls['chips']> = FACETS.flatMap((f) =>
      this.state.filters[f.name].map((value) => ({
        facet: f.name,
        label: f.label,
        value,
        text: facetValueText(f.name, value),
        href: this.remove(f.name, value),
      })),
    );
    const t = this.state.truncated;
    if (t !== undefined && t !== null) {
      chips.push({ facet: 'truncated', label: '原文', value: String(t), text: t ? '来源不完整' : '来源完整', href: this.with({ truncated: null }) });
    }
    return chips;
  }
}

/**
 * Page numbers to show around the current page: the first, the last and a window of neighbours,
 * null where numbers are left out (rendered as an ellipsis).
 */
export function pageWindow(page: number, totalPages: number, radius = 2): Array<number | null> {
  if (totalPages <= 1) return totalPages === 1 ? [1] : [];
  const shown = new Set<number>([1, totalPages]);
  for (let p = page - radius; p <= page + radius; p++) if (p >= 1 && p <= totalPages) shown.add(p);
  const sorted = [...shown].sort((a, b) => a - b);
  const out: Array<number | null> = [];
  for (const p of sorted) {
    const prev = out[out.length - 1];
    if (typeof prev === 'number' && p - prev === 2) out.push(p - 1);
    else if (typeof prev === 'number' && p - prev > 2) out.push(null);
    out.push(p);
  }
  return out;
}
