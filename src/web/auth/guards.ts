// The boundary. Without a user: pages → 303 /login?next=…, /api → 401 unauthenticated; with no
// account at all (AUTH=local) nothing is served but the way to create the first administrator.
// A role without the permission → 403 forbidden.
import type { Request, RequestHandler } from 'express';
import { ForbiddenError, SetupRequiredError, UnauthenticatedError } from '../../core/errors.js';
import { can, type Permission, type SessionUser } from '../../core/auth/roles.js';
import type { AuthContext } from './context.js';

export const isApi = (req: Request) => req.originalUrl === '/api' || req.originalUrl.startsWith('/api/') || req.originalUrl.startsWith('/api?');

export const SETUP_COMMAND = 'npm run users -- add <用户名> --role admin';

export function requireUser(auth: AuthContext): RequestHandler {
  return (req, res, next) => {
    if (auth.mode === 'off') return next();
    if (auth.mode === 'local' && auth.accounts.count() === 0) {
      if (isApi(req)) return next(new SetupRequiredError());
      res.status(503).render('setup', { title: '尚未设置', command: SETUP_COMMAND, pageKind: 'setup' });
      return;
    }
    if (res.locals.user) return next();
    if (isApi(req)) return next(new UnauthenticatedError());
    if (auth.mode === 'proxy') {
      return next(new UnauthenticatedError('请通过单位统一身份认证入口访问本系统'));
    }
    res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
  };
}

export function requirePermission(permission: Permission, message?: string): RequestHandler {
  return (_req, res, next) => {
    const user = res.locals.user as SessionUser | undefined;
    if (res.locals.authMode === 'off' || (user && can(user, permission))) return next();
    next(new ForbiddenError(message));
  };
}
