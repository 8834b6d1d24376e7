// HTML pages: thin handlers over the services; views/ renders the presenter's view-models.
import { Router } from 'express';
import type { AppDeps } from '../app.js';
import { FACET_LABELS } from '../facet-values.js';
import { facetValues, presentDocument, presentSearch } from '../presenter.js';
import { parseSearchParams } from '../search/query.js';
import type { FacetName } from '../search/schema.js';

export function pagesRouter(deps: AppDeps): Router {
  const r = Router();

  r.get('/', async (req, res) => {
    const params = parseSearchParams(req.query);
    const view = presentSearch(await deps.search.search(params));
    const facets = (Object.keys(FACET_LABELS) as FacetName[]).map((name) => ({
      name,
      label: FACET_LABELS[name],
      values: facetValues(view, name),
    }));
    res.render('search', { title: params.q ? `${params.q} - 检索` : '党建文稿检索', view, facets });
  });

  r.get('/documents/:docId', async (req, res) => {
    const doc = await deps.documents.get(req.params.docId);
    const q = typeof req.query.q === 'string' ? req.query.q.trim() : '';
    const mode = req.query.mode === 'exact' ? 'exact' : 'words';
    const terms = q ? await deps.search.highlightTermsFor(q, mode) : [];
    res.render('document', { title: doc.title, doc: presentDocument(doc, terms), q, mode });
  });

  r.get('/documents/:docId/original', async (req, res) => {
    const file = await deps.documents.original(req.params.docId);
    res.type(file.mimeType);
    // Express writes both filename= (ASCII fallback) and filename*=UTF-8'' (RFC 5987) for Chinese names.
    res.attachment(file.fileName);
    res.set('X-Content-SHA256', file.sha256);
    res.send(file.bytes);
  });

  return r;
}

