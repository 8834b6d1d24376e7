// 统计: counts of a search by year, organisation type, theme and period, as server-drawn charts
// (/stats) and as JSON (/api/stats). Takes the search page's parameters.
import { Router } from 'express';
import { BadRequestError } from '../../core/errors.js';
import { FACET_NAMES, FACETS, type FacetName } from '../../core/vocabulary.js';
import { presentCharts, presentStatsApi } from '../presenters/stats.js';
import { parseSearchParams } from '../query/search-params.js';
import { SearchUrls, stateFromParams } from '../query/url-state.js';
import type { StatsService } from '../services/stats-service.js';

export interface StatsDeps {
  stats: Pick<StatsService, 'stats'>;
}

/** `by` and `page` are not search parameters here; the rest is the search's. */
function searchQuery(query: Record<string, unknown>): Record<string, unknown> {
  const { by: _by, page: _page, perPage: _perPage, ...rest } = query;
  return rest;
}

export function statsRouter(deps: StatsDeps): Router {
  const r = Router();

  r.get('/api/stats', async (req, res) => {
    const by = (Array.isArray(req.query.by) ? req.query.by[0] : req.query.by) ?? 'year';
    if (!FACET_NAMES.includes(by as FacetName)) throw new BadRequestError(`by 只能是 ${FACET_NAMES.join(' / ')}`, 'invalid_by');
    const params = parseSearchParams(searchQuery(req.query));
    res.json(presentStatsApi(await deps.stats.stats(params), by as FacetName));
  });

  r.get('/stats', async (req, res) => {
    const params = parseSearchParams(searchQuery(req.query));
    const outcome = await deps.stats.stats(params);
    const urls = new SearchUrls(stateFromParams({ ...params, page: 1 }));
    res.render('stats', {
      title: params.q ? `${params.q} - 统计` : '统计',
      pageKind: 'stats',
      q: params.q,
      mode: outcome.effectiveMode,
      totalSections: outcome.totalSections,
      totalDocuments: outcome.totalDocuments,
      charts: presentCharts(outcome, urls),
      chips: new SearchUrls(urls.state, '/stats').chips(),
      searchHref: urls.current(),
      facetLabels: FACETS.map((f) => f.label),
    });
  });

  return r;
}
