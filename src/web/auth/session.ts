// Sessions for AUTH=local: express-session over the portal database. The cookie is HttpOnly,
// SameSite=Lax, Secure whenever the request came over https (directly or, with TRUST_PROXY, via
// the proxy's X-Forwarded-Proto); each request moves the idle deadline forward.
import session from 'express-session';
import type { RequestHandler } from 'express';
import type { AuthContext } from './context.js';
import { DatabaseSessionStore } from './session-store.js';

export const SESSION_COOKIE = 'djsid';

export function sessionMiddleware(auth: AuthContext): RequestHandler {
  const idleMs = auth.idleMinutes * 60_000;
  return session({
    name: SESSION_COOKIE,
    secret: auth.secret,
    store: new DatabaseSessionStore(auth.sessions, idleMs),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: 'destroy',
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: idleMs, path: '/' },
  });
}
