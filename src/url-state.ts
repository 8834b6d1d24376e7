// The search page keeps its whole state in the URL. Every link and form on the page is built
// here from the current state plus one change, so no template concatenates query strings.
import type { FacetName } from './search/schema.js';
import type { Mode, SearchFilters, SearchParams, Sort } from './search/query.js';

export const DEFAULT_PER_PAGE = 20;

export interface UrlState {
  q: string;
  mode: Mode;
  sort: Sort;
  filters: { [K in FacetName]: string[] };
  page: number;
  perPage: number;
}

/** Facets in the order their parameters appear in a URL (the parameter name is the facet name). */
const FACET_PARAMS: FacetName[] = ['year', 'period', 'orgType', 'theme'];

export function stateFromParams(p: Pick<SearchParams, 'q' | 'mode' | 'sort' | 'page' | 'perPage'> & { filters: SearchFilters }): UrlState {
  return {
    q: p.q,
    mode: p.mode,
    sort: p.sort,
    page: p.page,
    perPage: p.perPage,
    filters: {
      year: p.filters.year.map(String),
      period: [...p.filters.period],
      orgType: [...p.filters.orgType],
      theme: [...p.filters.theme],
    },
  };
}

export function emptyState(): UrlState {
  return { q: '', mode: 'words', sort: 'relevance', page: 1, perPage: DEFAULT_PER_PAGE, filters: { year: [], period: [], orgType: [], theme: [] } };
}

/** Name/value pairs of a state, defaults left out so URLs stay short and canonical. */
export function stateEntries(s: UrlState): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (s.q) out.push(['q', s.q]);
  if (s.mode !== 'words') out.push(['mode', s.mode]);
  if (s.sort !== 'relevance') out.push(['sort', s.sort]);
  for (const f of FACET_PARAMS) for (const v of s.filters[f]) out.push([f, v]);
  if (s.perPage !== DEFAULT_PER_PAGE) out.push(['perPage', String(s.perPage)]);
  if (s.page > 1) out.push(['page', String(s.page)]);
  return out;
}

export function searchHref(s: UrlState): string {
  const qs = new URLSearchParams(stateEntries(s)).toString();
  return qs ? `/?${qs}` : '/';
}

export function hasAnyFilter(s: UrlState): boolean {
  return FACET_PARAMS.some((f) => s.filters[f].length > 0);
}

const cloneFilters = (f: UrlState['filters']): UrlState['filters'] => ({
  year: [...f.year],
  period: [...f.period],
  orgType: [...f.orgType],
  theme: [...f.theme],
});

/**
 * Links of the search page relative to its current state. Anything that changes the result set
 * (query, mode, filters, sort) goes back to page 1; only `page()` keeps the rest and moves.
 */
export class SearchUrls {
  constructor(readonly state: UrlState) {}

  private with(patch: Partial<UrlState>): string {
    return searchHref({ ...this.state, filters: cloneFilters(this.state.filters), page: 1, ...patch });
  }

  current(): string {
    return searchHref(this.state);
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

  remove(facet: FacetName, value: string): string {
    const filters = cloneFilters(this.state.filters);
    filters[facet] = filters[facet].filter((v) => v !== value);
    return this.with({ filters });
  }

  clearFilters(): string {
    return this.with({ filters: { year: [], period: [], orgType: [], theme: [] } });
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
    return searchHref({ ...this.state, page });
  }

  /** Hidden inputs that carry the state a form does not show itself (filters, page size). */
  hiddenFields(): Array<{ name: string; value: string }> {
    return stateEntries(this.state)
      .filter(([name]) => !['q', 'mode', 'sort', 'page'].includes(name))
      .map(([name, value]) => ({ name, value }));
  }

  /** Selected filters as chips, each with the link that removes it. */
  chips(labels: Record<FacetName, string>, display: (facet: FacetName, value: string) => string): Array<{ facet: FacetName; label: string; value: string; text: string; href: string }> {
    return FACET_PARAMS.flatMap((facet) =>
      this.state.filters[facet].map((value) => ({
        facet,
        label: labels[facet],
        value,
        text: display(facet, value),
        href: this.remove(facet, value),
      })),
    );
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
