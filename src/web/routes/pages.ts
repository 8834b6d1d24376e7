// HTML pages: thin handlers over the services; views/ renders the presenter's view-models.
import { create as contentDisposition } from 'content-disposition';
import { Router } from 'express';
import { emptyFilters, FACETS, facetValueText, hasFilters } from '../../core/vocabulary.js';
import { presentDocument } from '../presenters/document.js';
import { maskedNote, metaLine, ocrNote, originalUrl, truncationNote, viewerUrl } from '../presenters/format.js';
import { facetValues, presentSearch } from '../presenters/search.js';
import { normaliseQuery, parseSearchParams, type Mode, type SearchParams } from '../query/search-params.js';
import type { DocumentsService } from '../services/documents-service.js';
import type { SearchService } from '../services/search-service.js';
import type { PhraseService } from '../services/phrase-service.js';
import { emptyState, pageWindow, SearchUrls, stateFromParams } from '../query/url-state.js';
import type { AuditLog } from '../../core/store/audit.js';
import type { UploadService } from '../services/upload-service.js';
import { localTime } from '../presenters/audit.js';
import { isUploadSource } from '../../core/uploads.js';

export interface PagesDeps {
  search: Pick<SearchService, 'search' | 'highlightTermsFor'>;
  phrases: Pick<PhraseService, 'didYouMean'>;
  documents: Pick<DocumentsService, 'overview' | 'get' | 'original'>;
  /** Views and downloads are recorded in the audit trail. */
  audit?: Pick<AuditLog, 'record'>;
  /** Who uploaded a document and whether this user may delete it (the viewer's delete button). */
  uploads?: Pick<UploadService, 'uploadOf' | 'mayDelete'>;
}

/** Helpers every template may use. */
const helpers = { maskedNote, metaLine, ocrNote, originalUrl, truncationNote, viewerUrl };

const LANDING_DOCUMENTS = 30;

/** Starting points on the landing page: common wording of the genre, not of one archive. */
const EXAMPLE_QUERIES: Array<{ q: string; mode: Mode; note: string }> = [
  { q: '三会一课', mode: 'words', note: '组织生活制度' },
  { q: '党费', mode: 'words', note: '收缴与管理' },
  { q: '主题党日', mode: 'words', note: '活动开展' },
  { q: '意识形态', mode: 'words', note: '工作责任制' },
  { q: '发展党员', mode: 'words', note: '党员队伍' },
  { q: '党风廉政建设', mode: 'words', note: '作风纪律' },
  { q: '先锋模范作用', mode: 'exact', note: '按原文' },
];

export function pagesRouter(deps: PagesDeps): Router {
  const r = Router();

  r.get('/', async (req, res) => {
    const params = parseSearchParams(req.query);
    const view = presentSearch(await deps.search.search(params));
    const urls = new SearchUrls(stateFromParams(params));
    const facets = FACETS.map(({ name, label }) => ({
      name,
      label,
      values: facetValues(view, name).map((v) => ({ ...v, text: facetValueText(name, v.value), href: urls.toggle(name, v.value) })),
    }));
    const landing = !params.q && !hasFilters(params.filters) && params.truncated === null;
    // The landing page lists the newest documents; a large archive is browsed with the facets.
    const overview = landing ? await deps.documents.overview(LANDING_DOCUMENTS) : { total: 0, documents: [] };
    const [alternatives, didYouMean] = await Promise.all([
      view.total === 0 && params.q ? alternativesFor(deps, params, urls) : Promise.resolve([]),
      deps.phrases.didYouMean(params, view.partialMatch ? 0 : view.total),
    ]);
    res.render('search', {
      title: params.q ? `${params.q} - 检索` : '党建文稿检索',
      view,
      facets,
      urls,
      chips: urls.chips(),
      pages: pageWindow(view.page, view.totalPages),
      landing,
      documents: overview.documents,
      documentCount: overview.total,
      examples: EXAMPLE_QUERIES.map((e) => ({ ...e, href: new SearchUrls(emptyState()).query(e.q, e.mode) })),
      alternatives,
      didYouMean: didYouMean ? { q: didYouMean, href: urls.query(didYouMean, params.mode) } : null,
      h: helpers,
      pageKind: 'search',
    });
  });

  r.get('/documents/:docId', async (req, res) => {
    const doc = await deps.documents.get(req.params.docId);
    const q = typeof req.query.q === 'string' ? normaliseQuery(req.query.q) : '';
    const mode: Mode = req.query.mode === 'exact' ? 'exact' : 'words';
    const terms = q ? await deps.search.highlightTermsFor(q, mode) : [];
    deps.audit?.record({ action: 'view', user: res.locals.user, ip: req.ip, docId: doc.docId });
    const upload = deps.uploads?.uploadOf(doc);
    res.render('document', {
      upload: upload ? { by: upload.uploaderName, at: localTime(upload.updatedAt) } : null,
      mayDelete: deps.uploads?.mayDelete(res.locals.user, doc) ?? false,
      // Those who may delete uploads learn where an archive document is removed instead.
      fromArchive: !isUploadSource(doc.sourceFile),
      title: doc.title,
      doc: presentDocument(doc, terms),
      q,
      mode,
      searchHref: new SearchUrls(emptyState()).query(q, mode),
      h: helpers,
      pageKind: 'document',
    });
  });

  r.get('/documents/:docId/original', async (req, res) => {
    const file = await deps.documents.original(req.params.docId);
    deps.audit?.record({ action: 'download', user: res.locals.user, ip: req.ip, docId: req.params.docId, detail: file.fileName });
    res.type(file.mimeType);
    // Both filename= (ASCII fallback) and filename*=UTF-8'' (RFC 5987) for Chinese names; a PDF is shown
    // in the browser (inline), so the viewer's link can open it at a page (#page=N).
    res.set('Content-Disposition', contentDisposition(file.fileName, { type: file.inline ? 'inline' : 'attachment' }));
    res.set('X-Content-SHA256', file.sha256);
    res.send(file.bytes);
  });

  return r;
}

/**
 * Nothing found: what the other mode would find, and what dropping the filters would find, so
 * the page can offer those links with their counts (two small searches, only on an empty result).
 */
async function alternativesFor(deps: PagesDeps, params: SearchParams, urls: SearchUrls) {
  const probe = { ...params, page: 1, perPage: 1 };
  const other: Mode = params.mode === 'words' ? 'exact' : 'words';
  const out: Array<{ kind: 'mode' | 'filters'; text: string; href: string; count: number }> = [];
  const [otherMode, unfiltered] = await Promise.all([
    deps.search.search({ ...probe, mode: other }),
    hasFilters(params.filters) || params.truncated !== null
      ? deps.search.search({ ...probe, filters: emptyFilters(), truncated: null })
      : Promise.resolve(null),
  ]);
  out.push({
    kind: 'mode',
    text: other === 'exact' ? '改为按原文检索（逐字匹配）' : '改为按词语检索（可匹配近义词和拆开的词）',
    href: urls.mode(other),
    count: otherMode.total,
  });
  if (unfiltered) out.push({ kind: 'filters', text: '去掉全部筛选条件', href: urls.clearFilters(), count: unfiltered.total });
  return out;
}
