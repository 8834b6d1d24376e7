// Who is asking: res.locals.user = { id, name, role } from the session (AUTH=local), from the
// gateway's header (AUTH=proxy, only from a trusted address), or nobody (AUTH=off). Templates
// also get authMode, can(permission) and csrf() (the forms' token).
import type { Request, RequestHandler } from 'express';
import { can, roleLabel, type Permission, type SessionUser } from '../../core/auth/roles.js';
import { accountNameProblem } from '../../core/store/accounts.js';
import type { AuditLog } from '../../core/store/audit.js';
import type { AuthContext } from './context.js';
import { csrfToken } from './csrf.js';

/** Whether the immediate peer is one of the TRUST_PROXY addresses. */
export const fromTrustedProxy = (req: Request): boolean => Boolean(req.app.get('trust proxy fn')(req.socket.remoteAddress ?? '', 0));

/**
 * HTTP headers carry Latin-1 only, so gateways send non-ASCII names percent-encoded (UTF-8);
 * plain ASCII names pass as they are.
 */
export function proxyUserName(header: string | undefined): string | undefined {
  const raw = header?.trim();
  if (!raw) return undefined;
  if (!/%[0-9A-Fa-f]{2}/.test(raw)) return raw;
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return undefined;
  }
}

export function identify(auth: AuthContext, audit: Pick<AuditLog, 'record'>): RequestHandler {
  const maxMs = auth.maxHours * 3600_000;
  return (req, res, next) => {
    // Past its absolute lifetime a session is over however active it was: sign in again.
    if (auth.mode === 'local' && req.session?.userId !== undefined && Date.now() - (req.session.signedInAt ?? 0) > maxMs) {
      return req.session.destroy(() => {
        (req as { session?: unknown }).session = undefined;
        identify(auth, audit)(req, res, next);
      });
    }
    let user: SessionUser | undefined;
    if (auth.mode === 'local' && req.session?.userId !== undefined) {
      const a = auth.accounts.byId(req.session.userId);
      if (a) user = { id: a.id, name: a.name, role: a.role };
    } else if (auth.mode === 'proxy' && fromTrustedProxy(req)) {
      const name = proxyUserName(req.get(auth.proxyHeader));
      if (name && !accountNameProblem(name)) {
        const { account, created } = auth.accounts.findOrCreate(name, 'reader');
        if (created) audit.record({ action: 'account_create', user: 'proxy', ip: req.ip, detail: `${account.name}（reader，首次经统一认证访问）` });
        user = { id: account.id, name: account.name, role: account.role };
      }
    }
    res.locals.user = user;
    res.locals.authMode = auth.mode;
    res.locals.can = (p: Permission) => (auth.mode === 'off' ? true : Boolean(user) && can(user, p));
    res.locals.roleLabel = roleLabel;
    res.locals.csrf = () => csrfToken(req, res, auth.secret);
    next();
  };
}
