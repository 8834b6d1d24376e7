// The one 404 and the one error handler: the right status always; JSON under /api/, a page elsewhere.
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { AppError, NotFoundError, TooManyRequestsError } from '../../core/errors.js';

const wantsJson = (req: Request) => req.path.startsWith('/api/') || req.path === '/api';

const TITLES: Record<number, string> = {
  401: '需要登录', 403: '没有权限', 404: '未找到', 409: '无法完成', 413: '文件过大', 429: '请稍后再试', 503: '服务暂不可用',
};

export const notFound: RequestHandler = (_req, _res, next) => next(new NotFoundError('页面不存在'));

export function errorHandler(opts: { production: boolean; log?: (err: unknown) => void }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    // Body-parser and similar errors carry a status of their own.
    const status = err instanceof AppError ? err.status : typeof err?.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500;
    const code = err instanceof AppError ? err.code : status === 500 ? 'internal_error' : 'request_error';
    // Only messages made to be shown (AppError, http-errors' `expose`) reach the client: others may hold paths.
    const message = err instanceof AppError ? err.message : status < 500 && err?.expose === true ? String(err.message) : status >= 500 ? '服务器内部错误' : '请求有误';
    if (status >= 500 && !(err instanceof AppError)) (opts.log ?? console.error)(err);
    if (status === 503 && !(err instanceof AppError && err.code === 'setup_required')) res.set('Retry-After', '5');
    if (err instanceof TooManyRequestsError) res.set('Retry-After', String(err.retryAfter));
    if (res.headersSent) return;
    if (wantsJson(req)) {
      res.status(status).json({ error: { code, message } });
      return;
    }
    res.status(status).render('error', {
      title: TITLES[status] ?? '出错了',
      status,
      code,
      message,
      // Details help in development and never reach users in production.
      detail: !opts.production && status === 500 && err instanceof Error ? err.stack : null,
    });
  };
}
