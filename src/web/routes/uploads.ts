// Uploading and removing documents: the /upload page, POST /api/documents (multipart, field
// `files`) and DELETE /api/documents/:docId, plus the viewer's delete form. Files arrive on disk
// under DATA_DIR/uploads/.incoming/<request id>/ (never whole in memory); that folder goes when the
// response closes — answered, failed or aborted half-way — and what a killed process left there is
// swept when the portal starts.
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Router, type RequestHandler } from 'express';
import multer from 'multer';
import { BadRequestError } from '../../core/errors.js';
import { FORMATS } from '../../core/formats.js';
import type { SessionUser } from '../../core/auth/roles.js';
import type { IncomingUpload } from '../../core/uploads.js';
import { requirePermission } from '../auth/guards.js';
import { presentUploadResult, presentUploadRow } from '../presenters/upload.js';
import type { UploadService } from '../services/upload-service.js';
import { multipartError, MULTIPART_LIMITS } from './multipart.js';

export interface UploadsDeps {
  uploads: Pick<UploadService, 'upload' | 'remove' | 'limits'>;
  /** Where multipart files are staged while they arrive. */
  incomingDir: string;
}

export const MAX_FILES_PER_UPLOAD = 100;

/** Removes what earlier processes left in the staging folder (called once, when the routers are built). */
export function sweepStaging(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const name of readdirSync(dir)) rmSync(path.join(dir, name), { recursive: true, force: true });
}

function receiver(deps: UploadsDeps): RequestHandler {
  const limits = { maxFileBytes: deps.uploads.limits.maxFileBytes, maxFiles: MAX_FILES_PER_UPLOAD };
  return (req, res, next) => {
    // One folder per request: removing it removes every file of the request, finished or half-written,
    // whether or not the parser got as far as naming it.
    const dir = path.join(deps.incomingDir, randomUUID());
    const cleanUp = () => void rm(dir, { recursive: true, force: true }).catch(() => {});
    res.on('close', cleanUp);
    multer({
      storage: multer.diskStorage({
        destination: (_req, _file, cb) => void mkdir(dir, { recursive: true, mode: 0o700 }).then(() => cb(null, dir), (err: Error) => cb(err, '')),
        filename: (_req, _file, cb) => cb(null, randomUUID()),
      }),
      // Browsers send UTF-8 file names without saying so; the default (latin1) would garble Chinese.
      defParamCharset: 'utf8',
      limits: { ...MULTIPART_LIMITS, fileSize: limits.maxFileBytes, files: MAX_FILES_PER_UPLOAD, parts: MAX_FILES_PER_UPLOAD + MULTIPART_LIMITS.fields },
    }).array('files', MAX_FILES_PER_UPLOAD)(req, res, (err: unknown) => {
      if (!err) return next();
      cleanUp();
      next(multipartError(err, limits));
    });
  };
}

const incoming = (req: Express.Request): IncomingUpload[] =>
  ((req.files as Express.Multer.File[] | undefined) ?? []).map((f) => ({ name: f.originalname, path: f.path, size: f.size }));

export function uploadsApiRouter(deps: UploadsDeps): Router {
  sweepStaging(deps.incomingDir);
  const r = Router();
  r.post('/documents', requirePermission('upload', '只有编辑和管理员可以上传文稿'), receiver(deps), async (req, res) => {
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
    // A fixed notice for a fixed code: the URL never supplies the text shown.
    page(res, { deleted: req.query.deleted === '1' });
  });
  r.post('/upload', requirePermission('upload', '只有编辑和管理员可以上传文稿'), receiver(deps), async (req, res) => {
    const files = incoming(req);
    if (files.length === 0) return page(res.status(400), { rows: [], error: '请先选择要上传的文件' });
    const results = await deps.uploads.upload(files, { user: res.locals.user, ip: req.ip ?? null });
    page(res, { rows: results.map(presentUploadRow) });
  });
  r.post('/documents/:docId/delete', requirePermission('delete-own', '只有编辑和管理员可以删除文稿'), async (req, res) => {
    await deps.uploads.remove(String(req.params.docId), { user: res.locals.user, ip: req.ip ?? null });
    res.redirect(303, '/upload?deleted=1');
  });
  return r;
}
