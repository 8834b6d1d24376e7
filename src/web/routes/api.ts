// JSON API: thin handlers over the services, the same presenters as the pages.
import { Router } from 'express';
import { presentDocumentDetail, presentDocumentSummary } from '../presenters/document.js';
import { presentSearch } from '../presenters/search.js';
import { parseSearchParams } from '../query/search-params.js';
import type { DocumentsService } from '../services/documents-service.js';
import type { SearchService } from '../services/search-service.js';
import type { PhraseService } from '../services/phrase-service.js';
import { parseSuggestParams } from '../query/search-params.js';
import type { AuditLog } from '../../core/store/audit.js';

export interface ApiDeps {
  search: Pick<SearchService, 'search'>;
  /** Phrases as you type and did-you-mean, from the archive's phrase table. */
  phrases: Pick<PhraseService, 'suggest' | 'didYouMean'>;
  documents: Pick<DocumentsService, 'list' | 'get'>;
  /** Reading a document's text is recorded in the audit trail. */
  audit?: Pick<AuditLog, 'record'>;
}

export function apiRouter(deps: ApiDeps): Router {
  const r = Router();

  r.get('/search', async (req, res) => {
    const params = parseSearchParams(req.query);
    const view = presentSearch(await deps.search.search(params));
    const didYouMean = await deps.phrases.didYouMean(params, view.partialMatch ? 0 : view.total);
    res.json({
      query: view.query,
      mode: view.mode,
      effectiveMode: view.effectiveMode,
      sort: view.sort,
      truncated: view.truncated,
      total: view.total,
      partialMatch: view.partialMatch,
      page: view.page,
      perPage: view.perPage,
      totalPages: view.totalPages,
      hits: view.hits,
      facets: view.facets,
      didYouMean,
      tookMs: view.tookMs,
    });
  });

  r.get('/suggest', async (req, res) => {
    const { q } = parseSuggestParams(req.query);
    res.json({ suggestions: await deps.phrases.suggest(q) });
  });

  r.get('/documents', async (_req, res) => {
    res.json({ documents: (await deps.documents.list()).map(presentDocumentSummary) });
  });

  r.get('/documents/:docId', async (req, res) => {
    const doc = await deps.documents.get(req.params.docId);
    deps.audit?.record({ action: 'view', user: res.locals.user, ip: req.ip, docId: doc.docId, detail: 'API' });
    res.json(presentDocumentDetail(doc));
  });

  return r;
}
