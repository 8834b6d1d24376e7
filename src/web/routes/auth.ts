// GET/POST /login and POST /logout. A new session id at every login (no fixation); `next` is
// kept through the form and only ever points back into this site.
import { Router, type Request } from 'express';
import { AppError, TooManyRequestsError } from '../../core/errors.js';
import type { AuditLog } from '../../core/store/audit.js';
import type { AuthContext } from '../auth/context.js';
import { SETUP_COMMAND } from '../auth/guards.js';
import { SESSION_COOKIE } from '../auth/session.js';
import type { AuthService } from '../services/auth-service.js';

export interface AuthRoutesDeps {
  auth: AuthContext;
  authService: Pick<AuthService, 'login'>;
  audit: Pick<AuditLog, 'record'>;
}

/** Only a path on this site: '/x', never '//host' or '/\\host' (browsers read both as another host). */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next.length > 2000 ? '/' : next;
}

const promisify = (fn: (cb: (err?: unknown) => void) => void) => new Promise<void>((res, rej) => fn((err) => (err ? rej(err) : res())));

export function authRouter(deps: AuthRoutesDeps): Router {
  const r = Router();
  const { auth } = deps;

  const render = (req: Request, res: import('express').Response, status: number, extra: { error?: string; username?: string } = {}) => {
    res.status(status).render('login', {
      title: '登录',
      pageKind: 'login',
      next: safeNext(req.query.next ?? req.body?.next),
      setup: auth.mode === 'local' && auth.accounts.count() === 0 ? SETUP_COMMAND : null,
      error: extra.error ?? null,
      username: extra.username ?? '',
    });
  };

  r.get('/login', (req, res) => {
    if (res.locals.user || auth.mode === 'off') return res.redirect(303, safeNext(req.query.next));
    render(req, res, auth.mode === 'local' && auth.accounts.count() === 0 ? 503 : 200);
  });

  r.post('/login', async (req, res) => {
    if (auth.mode !== 'local') return res.redirect(303, '/');
    const username = typeof req.body?.username === 'string' ? req.body.username : '';
    const password = typeof req.body?.password === 'string' ? req.body.password : '';
    let user;
    try {
      user = await deps.authService.login(username, password, req.ip ?? '');
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err instanceof TooManyRequestsError) res.set('Retry-After', String(err.retryAfter));
      return render(req, res, err.status, { error: err.message, username });
    }
    // A fresh session id for the signed-in user: an id planted before login is worthless.
    await promisify((cb) => req.session.regenerate(cb));
    req.session.userId = user.id;
    req.session.signedInAt = Date.now();
    await promisify((cb) => req.session.save(cb));
    deps.audit.record({ action: 'login', user, ip: req.ip });
    res.redirect(303, safeNext(req.body?.next));
  });

  r.post('/logout', async (req, res) => {
    if (res.locals.user) deps.audit.record({ action: 'logout', user: res.locals.user, ip: req.ip });
    if (req.session) await promisify((cb) => req.session.destroy(cb));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, auth.mode === 'local' ? '/login' : '/');
  });

  return r;
}
