// 素材篮 and its export: the basket page, the signed-in user's basket on the server (the browser
// keeps it in localStorage otherwise, see views/assets/basket.js), section look-ups for the page,
// and POST /api/export (Word or plain text). The signed-in user is res.locals.user (set by the
// accounts middleware when there is one).
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError, BadRequestError } from '../../core/errors.js';
import type { BasketItem, BasketStore } from '../../core/store/baskets.js';
import { citation } from '../presenters/citation.js';
import { exportFile } from '../presenters/export-file.js';
import { viewerUrl } from '../presenters/format.js';
import { basketItemSchema, MAX_BASKET_ITEMS, normaliseQuote, parseExportRequest, type ExportService } from '../services/export-service.js';
import { sectionSource, type SearchService } from '../services/search-service.js';
import type { AuditLog } from '../../core/store/audit.js';

/** The audit trail: an export is recorded when one is wired. */
export type ExportAudit = Pick<AuditLog, 'record'>;

export interface BasketDeps {
  exporter: Pick<ExportService, 'excerpts'>;
  search: Pick<SearchService, 'sectionsByIds'>;
  /** Signed-in users' baskets; absent = no database (the browser keeps baskets). */
  baskets?: Pick<BasketStore, 'list' | 'replace' | 'add'>;
  audit?: ExportAudit;
}

const json = express.json({ limit: '2mb' });
const storedItem = basketItemSchema.extend({ note: z.string().max(2_000).default(''), addedAt: z.string().max(40).optional() });
const basketBody = z.object({ items: z.array(storedItem).max(MAX_BASKET_ITEMS, `素材篮最多 ${MAX_BASKET_ITEMS} 条`) });

function signedIn(res: Response): { id: number } {
  const user = res.locals.user as { id: number } | undefined;
  if (!user) throw new AppError('登录后素材篮才保存在服务器上；未登录时保存在本浏览器中', 401, 'sign_in_required');
  return user;
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new BadRequestError(`${issue.path.join('.') || '请求'}：${issue.message}`, 'invalid_basket');
  }
  return r.data;
}

const toStored = (it: z.infer<typeof storedItem>): BasketItem => ({
  sectionId: it.sectionId,
  ...(it.quote !== undefined ? { quote: normaliseQuote(it.quote) } : {}),
  note: it.note,
  addedAt: it.addedAt ?? new Date().toISOString(),
});

export function basketRouter(deps: BasketDeps): Router {
  const r = Router();
  const store = () => {
    if (!deps.baskets) throw new AppError('服务器未配置数据库，素材篮保存在本浏览器中', 503, 'basket_unavailable');
    return deps.baskets;
  };

  r.get('/basket', (_req, res) => {
    res.render('basket', { title: '素材篮', pageKind: 'basket' });
  });

  // Sources of basket items: title, year, period, heading path, text and a link back.
  r.get('/api/sections', async (req, res) => {
    const raw = typeof req.query.ids === 'string' ? req.query.ids : '';
    const ids = raw.split(',').filter(Boolean).slice(0, MAX_BASKET_ITEMS);
    const sections = await deps.search.sectionsByIds(ids, { wholeParts: true });
    res.json({
      sections: sections.map((s) => ({
        ...sectionSource(s),
        text: s.text,
        citation: citation(s),
        url: viewerUrl(s.docId, s.id, '', 'words'),
      })),
    });
  });

  r.get('/api/basket', (_req, res) => {
    res.json({ items: store().list(signedIn(res).id) });
  });

  r.put('/api/basket', json, (req, res) => {
    const user = signedIn(res);
    const items = parse(basketBody, req.body).items.map(toStored);
    store().replace(user.id, items);
    res.json({ items: store().list(user.id) });
  });

  r.post('/api/basket/items', json, async (req, res) => {
    const user = signedIn(res);
    const item = toStored(parse(storedItem, req.body));
    if (store().list(user.id).length >= MAX_BASKET_ITEMS) throw new BadRequestError(`素材篮最多 ${MAX_BASKET_ITEMS} 条`, 'basket_full');
    // The same checks as the export: the section exists and the quote is its wording.
    await deps.exporter.excerpts({ items: [item] });
    res.status(201).json({ items: store().add(user.id, item) });
  });

  r.post('/api/export', json, async (req: Request, res: Response) => {
    const request = parseExportRequest(req.body);
    const file = await exportFile(request.title, await deps.exporter.excerpts(request), request.format);
    deps.audit?.record({ action: 'export', user: res.locals.user ?? null, ip: req.ip ?? '', detail: `${file.items} 条 · ${file.fileName}` });
    res.type(file.mimeType);
    // Express writes filename= (ASCII fallback) and filename*=UTF-8'' so the Chinese name is kept.
    res.attachment(file.fileName);
    res.send(file.bytes);
  });

  return r;
}
