// JSON API: thin handlers over the services, the same presenter as the pages.
import { Router } from 'express';
import type { AppDeps } from '../app.js';
import { presentDocumentSummary, presentHit, presentSearch } from '../presenter.js';
import { parseSearchParams } from '../search/query.js';

export function apiRouter(deps: AppDeps): Router {
  const r = Router();

  r.get('/search', async (req, res) => {
    const view = presentSearch(await deps.search.search(parseSearchParams(req.query)));
    res.json({
      query: view.query,
      mode: view.mode,
      effectiveMode: view.effectiveMode,
      sort: view.sort,
      total: view.total,
      page: view.page,
      perPage: view.perPage,
      totalPages: view.totalPages,
      hits: view.hits,
      facets: view.facets,
      tookMs: view.tookMs,
    });
  });

  r.get('/documents', async (_req, res) => {
    res.json({ documents: (await deps.documents.list()).map(presentDocumentSummary) });
  });

  r.get('/documents/:docId', async (req, res) => {
    const d = await deps.documents.get(req.params.docId);
    const { cleanedText: _omit, sections, ...meta } = d;
    res.json({
      ...meta,
      sections: sections.map((s) => {
        const hit = presentHit(s, { highlightTerms: [], effectiveMode: 'words' }, '');
        return {
          id: s.id,
          heading: s.heading,
          headingPath: s.headingPath,
          level: s.level,
          order: s.order,
          text: s.text,
          themes: s.themes,
          keywords: s.keywords,
          start: s.start,
          end: s.end,
          url: hit.url,
        };
      }),
    });
  });

  return r;
}
