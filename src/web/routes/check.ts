// 查重 and 类似表述: the /check page (paste or upload a draft), its JSON API, and the sections
// elsewhere sharing long passages with a section. Thin handlers over CheckService.
import express, { Router } from 'express';
import multer from 'multer';
import { BadRequestError } from '../../core/errors.js';
import { presentCheckApi, presentCheckPage, presentSimilarApi, presentSimilarPage } from '../presenters/check.js';
import { MAX_DRAFT_CHARS, type CheckService } from '../services/check-service.js';
import { multipartError, MULTIPART_LIMITS } from './multipart.js';

export interface CheckDeps {
  check: Pick<CheckService, 'check' | 'similar' | 'stock'>;
  /**
   * The text of an uploaded draft (.txt in any common Chinese encoding, .docx). Injected: the
   * decoders belong to the ingestion pipeline, which the web app does not import.
   */
  readDraft: (fileName: string, bytes: Buffer) => Promise<string>;
}

const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export function checkRouter(deps: CheckDeps): Router {
  const r = Router();
  const parse = multer({ storage: multer.memoryStorage(), limits: { ...MULTIPART_LIMITS, fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5 } }).single('file');
  const upload: express.RequestHandler = (req, res, next) =>
    parse(req, res, (err: unknown) => (err ? next(multipartError(err, { maxFileBytes: MAX_UPLOAD_BYTES, maxFiles: 1 })) : next()));
  const stockRule = () => ({ sharePercent: Math.round(deps.check.stock.share * 100), minDocuments: deps.check.stock.minDocuments });

  r.get('/check', (_req, res) => {
    res.render('check', { title: '查重', pageKind: 'check', result: null, text: '', stockRule: stockRule(), maxChars: MAX_DRAFT_CHARS });
  });

  r.post('/check', upload, async (req, res) => {
    let text = typeof req.body?.text === 'string' ? req.body.text : '';
    if (req.file && req.file.size > 0) {
      const name = Buffer.from(req.file.originalname, 'latin1').toString('utf8');
      if (!/\.(txt|docx)$/i.test(name)) throw new BadRequestError('只能上传 .txt 或 .docx 文稿', 'unsupported_draft');
      try {
        text = await deps.readDraft(name, req.file.buffer);
      } catch (err) {
        // The reason a file cannot be read (the reader's, or the isolation's: 解析超时…) is the user's to see.
        const reason = (err as { reason?: unknown }).reason;
        throw new BadRequestError(`无法读取上传的文稿：${typeof reason === 'string' ? reason : '文件无法解析'}`, 'draft_unreadable');
      }
    }
    if (!text.trim()) throw new BadRequestError('请粘贴文稿内容或上传 .txt / .docx 文件', 'empty_draft');
    const result = presentCheckPage(await deps.check.check(text));
    res.render('check', { title: '查重结果', pageKind: 'check', result, text, stockRule: stockRule(), maxChars: MAX_DRAFT_CHARS });
  });

  r.post('/api/check', express.json({ limit: '1mb' }), async (req, res) => {
    const text = req.body?.text;
    if (typeof text !== 'string') throw new BadRequestError('请求体须为 { "text": "文稿内容" }', 'invalid_text');
    res.json(presentCheckApi(await deps.check.check(text)));
  });

  r.get('/api/sections/:id/similar', async (req, res) => {
    res.json(presentSimilarApi(await deps.check.similar(req.params.id)));
  });

  r.get('/sections/:id/similar', async (req, res) => {
    const view = presentSimilarPage(await deps.check.similar(req.params.id));
    res.render('similar', { title: '类似表述', pageKind: 'similar', view });
  });

  return r;
}
