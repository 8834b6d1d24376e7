// Cross-site request forgery: a state-changing request is accepted when the browser says it is
// same-origin (Sec-Fetch-Site, else Origin) or when it carries the page's token (form field
// _csrf, query parameter _csrf for multipart forms, or header X-CSRF-Token).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { CsrfError } from '../../core/errors.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Anonymous visitors (the login form) and AUTH=off: a random value in a cookie, echoed by the form. */
export const CSRF_COOKIE = 'djcsrf';

const equal = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

/**
 * The token for this request's pages: bound to the session (local), to the user (proxy), or to
 * the double-submit cookie (no user). Sets that cookie when a page needs it and it is missing.
 */
export function csrfToken(req: Request, res: Response, secret: string): string {
  const hmac = (s: string) => createHmac('sha256', secret).update(s).digest('base64url');
  const user = res.locals.user as { id: number } | undefined;
  if (user && req.session?.userId === user.id) return hmac(`session:${req.sessionID}`);
  if (user) return hmac(`user:${user.id}`);
  let nonce = cookieValue(req, CSRF_COOKIE);
  if (!nonce || !/^[A-Za-z0-9_-]{20,64}$/.test(nonce)) {
    nonce = randomBytes(18).toString('base64url');
    res.cookie(CSRF_COOKIE, nonce, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
  }
  return hmac(`anon:${nonce}`);
}

/** Whether the browser says this request comes from one of our own pages. */
export function sameOrigin(req: Request): boolean {
  const site = req.get('sec-fetch-site');
  if (site) return site === 'same-origin' || site === 'none';
  const origin = req.get('origin');
  if (!origin || origin === 'null') return false;
  try {
    // Behind a trusted proxy the public host is in X-Forwarded-Host.
    const host = (req.app.get('trust proxy fn')(req.socket.remoteAddress, 0) && req.get('x-forwarded-host')) || req.get('host');
    return new URL(origin).host.toLowerCase() === String(host).split(',')[0]!.trim().toLowerCase();
  } catch {
    return false;
  }
}

export function csrfGuard(secret: string): RequestHandler {
  return (req, res, next) => {
    if (SAFE.has(req.method) || sameOrigin(req)) return next();
    const given =
      req.get('x-csrf-token') ??
      (typeof req.query._csrf === 'string' ? req.query._csrf : undefined) ??
      (typeof req.body?._csrf === 'string' ? req.body._csrf : undefined);
    // Computing the expected token must not set a fresh cookie on a refused request.
    const expected = given ? csrfTokenWithoutIssuing(req, res, secret) : undefined;
    if (given && expected && equal(given, expected)) return next();
    next(new CsrfError());
  };
}

function csrfTokenWithoutIssuing(req: Request, res: Response, secret: string): string | undefined {
  const user = res.locals.user as { id: number } | undefined;
  if (!user && !cookieValue(req, CSRF_COOKIE)) return undefined;
  return csrfToken(req, res, secret);
}
