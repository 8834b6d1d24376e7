// Administration (admin role): the accounts page, the audit page with its CSV download, and
// GET /api/audit. Handlers are thin: AccountAdmin and AuditLog do the work.
import { Router, type Request, type Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { AppError } from '../../core/errors.js';
import { ROLES } from '../../core/auth/roles.js';
import type { AccountAdmin } from '../../core/store/account-admin.js';
import type { Account } from '../../core/store/accounts.js';
import { AUDIT_ACTIONS, type AuditLog } from '../../core/store/audit.js';
import type { AuthMode } from '../../core/config.js';
import { requirePermission } from '../auth/guards.js';
import { auditCsvRow, CSV_COLUMNS, localTime, presentAuditRow } from '../presenters/audit.js';
import { parseAuditQuery } from '../query/audit-params.js';

export interface AdminDeps {
  accountAdmin: AccountAdmin;
  audit: Pick<AuditLog, 'query' | 'all'>;
  authMode: AuthMode;
}

export const AUDIT_PAGE_SIZE = 50;

const field = (req: Request, name: string) => (typeof req.body?.[name] === 'string' ? (req.body[name] as string) : '');
const actor = (req: Request, res: Response) => ({ user: res.locals.user, ip: req.ip ?? null });

export function auditApiRouter(deps: AdminDeps): Router {
  const r = Router();
  r.get('/audit', requirePermission('read-audit', '只有管理员可以查看审计记录'), (req, res) => {
    const q = parseAuditQuery(req.query);
    res.json(deps.audit.query(q.filter, q.page, AUDIT_PAGE_SIZE));
  });
  return r;
}

/** What an account change did, as a code (and the account): the page shows a fixed text for it. */
interface Done {
  code: keyof typeof NOTICES;
  name: string;
}

/** The notices the accounts page shows; `name` only ever comes from the accounts table. */
const NOTICES = {
  created: (a: Account) => `已创建账号 ${a.name}`,
  role: (a: Account) => `${a.name} 的角色已改为 ${ROLES.find((x) => x.role === a.role)!.label}`,
  password: (a: Account) => `已为 ${a.name} 设置新密码（其已登录的会话已结束）`,
  unlocked: (a: Account) => `已解除 ${a.name} 的登录锁定`,
  removed: () => '账号已删除（其素材篮与会话一并删除，审计记录保留）',
} satisfies Record<string, (a: Account) => string>;

/** The notice for ?done=<code>&name=<account>: text from the table above, a name only if such an account exists. */
export function noticeOf(done: unknown, name: unknown, accounts: Account[]): string | undefined {
  if (typeof done !== 'string' || !Object.hasOwn(NOTICES, done)) return undefined;
  const code = done as keyof typeof NOTICES;
  if (code === 'removed') return NOTICES.removed();
  const account = typeof name === 'string' ? accounts.find((a) => a.name === name) : undefined;
  return account ? NOTICES[code](account) : undefined;
}

export function adminPagesRouter(deps: AdminDeps): Router {
  const r = Router();
  const accountsGuard = requirePermission('manage-accounts', '只有管理员可以管理账号');
  const auditGuard = requirePermission('read-audit', '只有管理员可以查看审计记录');

  const accountsPage = (res: Response, status = 200, extra: { error?: string; notice?: string } = {}) =>
    res.status(status).render('admin-accounts', {
      title: '账号管理',
      pageKind: 'admin',
      accounts: deps.accountAdmin.list().map((a) => ({ ...a, created: localTime(a.createdAt), locked: deps.accountAdmin.isLocked(a.name) })),
      roles: ROLES,
      passwords: deps.authMode === 'local',
      error: extra.error ?? null,
      notice: extra.notice ?? null,
    });

  r.get('/admin/accounts', accountsGuard, (req, res) => {
    accountsPage(res, 200, { notice: noticeOf(req.query.done, req.query.name, deps.accountAdmin.list()) });
  });

  /** Runs one account change; a refused change re-renders the page with its reason. */
  const change = (fn: (req: Request, res: Response) => Promise<Done> | Done) => async (req: Request, res: Response) => {
    let notice: Done;
    try {
      if (['password', 'password2'].every((k) => k in (req.body ?? {})) && field(req, 'password') !== field(req, 'password2')) {
        return accountsPage(res, 400, { error: '两次输入的密码不一致' });
      }
      notice = await fn(req, res);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return accountsPage(res, err.status, { error: err.message });
      throw err;
    }
    res.redirect(303, `/admin/accounts?done=${notice.code}&name=${encodeURIComponent(notice.name)}`);
  };

  r.post('/admin/accounts', accountsGuard, change(async (req, res) => {
    const a = await deps.accountAdmin.add(field(req, 'name'), field(req, 'role'), field(req, 'password'), actor(req, res));
    return { code: 'created', name: a.name };
  }));
  r.post('/admin/accounts/role', accountsGuard, change((req, res) => {
    const a = deps.accountAdmin.setRole(field(req, 'name'), field(req, 'role'), actor(req, res));
    return { code: 'role', name: a.name };
  }));
  r.post('/admin/accounts/password', accountsGuard, change(async (req, res) => {
    const self = res.locals.user?.name?.toLowerCase() === field(req, 'name').toLowerCase();
    const a = await deps.accountAdmin.setPassword(field(req, 'name'), field(req, 'password'), actor(req, res), self ? req.sessionID : undefined);
    return { code: 'password', name: a.name };
  }));
  r.post('/admin/accounts/remove', accountsGuard, change((req, res) => {
    const a = deps.accountAdmin.remove(field(req, 'name'), actor(req, res));
    return { code: 'removed', name: a.name };
  }));
  r.post('/admin/accounts/unlock', accountsGuard, change((req, res) => {
    const a = deps.accountAdmin.unlock(field(req, 'name'), actor(req, res));
    return { code: 'unlocked', name: a.name };
  }));

  r.get('/admin/audit', auditGuard, (req, res) => {
    const q = parseAuditQuery(req.query);
    const { events, total } = deps.audit.query(q.filter, q.page, AUDIT_PAGE_SIZE);
    const params = (page: number) => {
      const p = new URLSearchParams(Object.entries(q.raw).filter(([, v]) => v));
      if (page > 1) p.set('page', String(page));
      const s = p.toString();
      return s ? `?${s}` : '';
    };
    const totalPages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
    res.render('admin-audit', {
      title: '审计记录',
      pageKind: 'admin',
      rows: events.map(presentAuditRow),
      total,
      page: q.page,
      totalPages,
      prevHref: q.page > 1 ? `/admin/audit${params(q.page - 1)}` : null,
      nextHref: q.page < totalPages ? `/admin/audit${params(q.page + 1)}` : null,
      csvHref: `/admin/audit.csv${params(1)}`,
      raw: q.raw,
      actions: AUDIT_ACTIONS,
    });
  });

  r.get('/admin/audit.csv', auditGuard, (req, res) => {
    const q = parseAuditQuery(req.query);
    res.type('text/csv; charset=utf-8');
    res.attachment(`审计记录-${new Date().toISOString().slice(0, 10)}.csv`);
    // A BOM so that Excel reads the Chinese as UTF-8.
    res.write('\uFEFF');
    // Streamed with back-pressure: a long trail never sits in memory whole.
    const rows = Readable.from((function* () {
      for (const e of deps.audit.all(q.filter)) yield auditCsvRow(e);
    })());
    void pipeline(rows, stringify({ header: true, columns: CSV_COLUMNS }), res).catch(() => res.destroy());
  });

  return r;
}
