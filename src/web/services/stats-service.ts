// 统计: how many sections and how many distinct documents a search finds, per value of each facet.
// Section counts are the search's own facet counts (the same call), document counts the same query
// per value with the engine's distinct on docId, so the chart and the search page never disagree.
import type { SearchParams } from '../query/search-params.js';
import { FACETS, type FacetName } from '../../core/vocabulary.js';
import type { SearchService } from './search-service.js';

export interface StatsOutcome {
  params: SearchParams;
  effectiveMode: SearchParams['mode'];
  totalSections: number;
  totalDocuments: number;
  sections: Record<FacetName, Record<string, number>>;
  documents: Record<FacetName, Record<string, number>>;
}

export class StatsService {
  constructor(private readonly deps: { search: Pick<SearchService, 'search' | 'documentCounts'> }) {}

  async stats(params: SearchParams): Promise<StatsOutcome> {
    const p = { ...params, page: 1, perPage: 1 };
    const s = await this.deps.search.search(p);
    // Documents for every value the chart shows: those the facets count and those selected.
    const values = Object.fromEntries(
      FACETS.map((f) => [f.name, [...new Set([...Object.keys(s.facets[f.name]), ...(params.filters[f.name] as Array<string | number>).map(String)])]]),
    );
    const d = await this.deps.search.documentCounts(p, values);
    return {
      params,
      effectiveMode: s.effectiveMode,
      totalSections: s.total,
      totalDocuments: d.total,
      sections: s.facets,
      documents: d.counts,
    };
  }
}
