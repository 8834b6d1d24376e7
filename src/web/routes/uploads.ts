// Uploading and removing documents: the /upload page, POST /api/documents (multipart, field
// `files`) and DELETE /api/documents/:docId, plus the viewer's delete form. Files arrive on disk
// under DATA_DIR/uploads/.incoming (never whole in memory) and are removed once answered.
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { Router, type RequestHandler } from 'express';
import multer from 'multer';
import { AppError, BadRequestError } from '../../core/errors.js';
import { FORMATS } from '../../core/formats.js';
import type { SessionUser } from '../../core/auth/roles.js';
import type { IncomingUpload } from '../../core/uploads.js';
import { requirePermission } from '../auth/guards.js';
import { presentUploadResult, presentUploadRow } from '../presenters/upload.js';
import type { UploadService } from '../services/upload-service.js';

export interface UploadsDeps {
  uploads: Pick<UploadService, 'upload' | 'remove' | 'limits'>;
  /** Where multipart files are staged while they arrive. */
  incomingDir: string;
}

export const MAX_FILES_PER_UPLOAD = 100;

function receiver(deps: UploadsDeps): RequestHandler {
  const parse = multer({
    storage: multer.diskStorage({
      destination: (_req, _file, cb) => void mkdir(deps.incomingDir, { recursive: true }).then(() => cb(null, deps.incomingDir), (err: Error) => cb(err, '')),
      filename: (_req, _file, cb) => cb(null, randomUUID()),
    }),
    // Browsers send UTF-8 file names without saying so; the default (latin1) would garble Chinese.
    defParamCharset: 'utf8',
    limits: { fileSize: deps.uploads.limits.maxFileBytes, files: MAX_FILES_PER_UPLOAD, fields: 20 },
  }).array('files', MAX_FILES_PER_UPLOAD);
  const mb = Math.round(deps.uploads.limits.maxFileBytes / 1024 / 1024);
  return (req, res, next) =>
    parse(req, res, (err: unknown) => {
      if (!err) return next();
      const code = (err as { code?: string }).code;
      if (code === 'LIMIT_FILE_SIZE') return next(new AppError(`文件超过 ${mb} MB，不像一份工作总结，未上传`, 413, 'file_too_large'));
      if (code === 'LIMIT_FILE_COUNT') return next(new AppError(`一次最多上传 ${MAX_FILES_PER_UPLOAD} 个文件`, 413, 'too_many_files'));
      if (code === 'LIMIT_UNEXPECTED_FILE') return next(new BadRequestError('文件须放在表单字段 files 中', 'unexpected_field'));
      next(err);
    });
}

const incoming = (req: Express.Request): IncomingUpload[] =>
  ((req.files as Express.Multer.File[] | undefined) ?? []).map((f) => ({ name: f.originalname, path: f.path, size: f.size }));

const cleanUp: RequestHandler = (req, res, next) => {
  res.on('close', () => {
    for (const f of (req.files as Express.Multer.File[] | undefined) ?? []) void rm(f.path, { force: true });
  });
  next();
};

export function uploadsApiRouter(deps: UploadsDeps): Router {
  const r = Router();
  r.post('/documents', requirePermission('upload', '只有编辑和管理员可以上传文稿'), cleanUp, receiver(deps), async (req, res) => {
    const files = incoming(req);
    if (files.length === 0) throw new BadRequestError('请选择要上传的 .txt 或 .docx 文件（multipart 表单字段 files）', 'no_files');
    const results = await deps.uploads.upload(files, { user: res.locals.user as SessionUser | undefined, ip: req.ip ?? null });
    res.json({ files: results.map(presentUploadResult) });
  });
  r.delete('/documents/:docId', requirePermission('delete-own', '只有编辑和管理员可以删除文稿'), async (req, res) => {
    const doc = await deps.uploads.remove(String(req.params.docId), { user: res.locals.user, ip: req.ip ?? null });
    res.json({ deleted: { docId: doc.docId, title: doc.title, sourceFile: doc.sourceFile } });
  });
  return r;
}

export function uploadsPagesRouter(deps: UploadsDeps): Router {
  const r = Router();
  const page = (res: import('express').Response, extra: Record<string, unknown> = {}) =>
    res.render('upload', {
      title: '上传文稿',
      pageKind: 'upload',
      extensions: deps.uploads.limits.extensions,
      formats: FORMATS.map((f) => ({ label: f.label, extensions: f.extensions })),
      maxFiles: MAX_FILES_PER_UPLOAD,
      rows: null,
      deleted: null,
      ...extra,
    });

  r.get('/upload', requirePermission('upload', '只有编辑和管理员可以上传文稿'), (req, res) => {
    page(res, { deleted: typeof req.query.deleted === 'string' ? req.query.deleted.slice(0, 200) : null });
  });
  r.post('/upload', requirePermission('upload', '只有编辑和管理员可以上传文稿'), cleanUp, receiver(deps), async (req, res) => {
    const files = incoming(req);
    if (files.length === 0) return page(res.status(400), { rows: [], error: '请先选择要上传的文件' });
    const results = await deps.uploads.upload(files, { user: res.locals.user, ip: req.ip ?? null });
    page(res, { rows: results.map(presentUploadRow) });
  });
  r.post('/documents/:docId/delete', requirePermission('delete-own', '只有编辑和管理员可以删除文稿'), async (req, res) => {
    const doc = await deps.uploads.remove(String(req.params.docId), { user: res.locals.user, ip: req.ip ?? null });
    res.redirect(303, `/upload?deleted=${encodeURIComponent(doc.title)}`);
  });
  return r;
}
