// The audit trail (migration 003): append-only — the table's triggers refuse updates and
// deletes. Every feature records through AuditLog.record(); the admin page, its CSV and
// GET /api/audit read through query()/all().
import type { Db } from './database.js';

/** The actions recorded, with the label the admin page shows: the one list of them. */
export const AUDIT_ACTIONS = [
  { action: 'login', label: '登录' },
  { action: 'login_failed', label: '登录失败' },
  { action: 'logout', label: '退出' },
  { action: 'view', label: '查看文稿' },
  { action: 'download', label: '下载原文件' },
  { action: 'export', label: '导出' },
  { action: 'upload', label: '上传' },
  { action: 'replace', label: '替换' },
  { action: 'delete', label: '删除文稿' },
  { action: 'account_create', label: '创建账号' },
  { action: 'account_role', label: '修改角色' },
  { action: 'account_password', label: '修改密码' },
  { action: 'account_remove', label: '删除账号' },
  { action: 'account_unlock', label: '解锁账号' },
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number]['action'];

export interface AuditEvent {
  /** ISO 8601, UTC. */
  at: string;
  user: string | null;
  ip: string | null;
  action: string;
  docId?: string;
  detail?: string;
}

/** The user as callers have it: res.locals.user, a name, or nobody (AUTH=off, a failed login's unknown name). */
export type AuditUser = { name: string } | string | null | undefined;

export interface AuditRecord {
  action: AuditAction | (string & {});
  user: AuditUser;
  ip: string | null | undefined;
  docId?: string | null;
  detail?: string | null;
}

export interface AuditFilter {
  user?: string;
  action?: string;
  docId?: string;
  /** Inclusive lower bound, ISO instant. */
  from?: string;
  /** Exclusive upper bound, ISO instant. */
  to?: string;
}

interface Row {
  at: string;
  user: string | null;
  ip: string | null;
  action: string;
  doc_id: string | null;
  detail: string | null;
}

const toEvent = (r: Row): AuditEvent => ({
  at: r.at,
  user: r.user,
  ip: r.ip,
  action: r.action,
  ...(r.doc_id ? { docId: r.doc_id } : {}),
  ...(r.detail ? { detail: r.detail } : {}),
});

function where(f: AuditFilter): { sql: string; args: string[] } {
  const parts: string[] = [];
  const args: string[] = [];
  if (f.user) (parts.push('user = ? COLLATE NOCASE'), args.push(f.user));
  if (f.action) (parts.push('action = ?'), args.push(f.action));
  if (f.docId) (parts.push('doc_id = ?'), args.push(f.docId));
  if (f.from) (parts.push('at >= ?'), args.push(f.from));
  if (f.to) (parts.push('at < ?'), args.push(f.to));
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
}

/** Longest value (characters) of each free-text field of an event; longer ones end in …. */
export const AUDIT_BOUNDS = { user: 64 + 16, ip: 64, docId: 128, detail: 600 } as const;

function cut(s: string | null, max: number): string | null {
  if (s === null) return null;
  const chars = [...s];
  return chars.length <= max ? s : chars.slice(0, max - 1).join('') + '…';
}

export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Every field is cut to its bound: nobody can grow the (append-only) trail by more than ~2 KB an event. */
  record(e: AuditRecord): void {
    const user = typeof e.user === 'string' ? e.user : (e.user?.name ?? null);
    this.db
      .prepare('INSERT INTO audit_events (at, user, ip, action, doc_id, detail) VALUES (?, ?, ?, ?, ?, ?)')
      .run(this.now().toISOString(), cut(user, AUDIT_BOUNDS.user), cut(e.ip ?? null, AUDIT_BOUNDS.ip), e.action, cut(e.docId ?? null, AUDIT_BOUNDS.docId), cut(e.detail ?? null, AUDIT_BOUNDS.detail));
  }

  /** Newest first, one page. */
  query(f: AuditFilter, page = 1, perPage = 50): { events: AuditEvent[]; total: number } {
    const w = where(f);
    const total = this.db.prepare(`SELECT count(*) FROM audit_events ${w.sql}`).pluck().get(...w.args) as number;
    const rows = this.db
      .prepare(`SELECT * FROM audit_events ${w.sql} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`)
      .all(...w.args, perPage, (page - 1) * perPage) as Row[];
    return { events: rows.map(toEvent), total };
  }

  /**
   * Every matching event, newest first, fetched a chunk at a time (the CSV download). Not one
   * open cursor: the connection must stay free for the events other requests record meanwhile.
   */
  *all(f: AuditFilter, chunk = 1000): Generator<AuditEvent> {
    // Events recorded while this runs would sort first and shift the offsets: bound by id.
    const maxId = this.db.prepare('SELECT coalesce(max(id), 0) FROM audit_events').pluck().get() as number;
    const w = where(f);
    const cond = w.sql ? `${w.sql} AND id <= ?` : 'WHERE id <= ?';
    const stmt = this.db.prepare(`SELECT * FROM audit_events ${cond} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`);
    for (let offset = 0; ; offset += chunk) {
      const rows = stmt.all(...w.args, maxId, chunk, offset) as Row[];
      for (const r of rows) yield toEvent(r);
      if (rows.length < chunk) return;
    }
  }
}
