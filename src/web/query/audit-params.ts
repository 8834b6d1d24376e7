// GET /api/audit and the audit page's query: user, action, docId, from, to (dates in the
// server's time zone, or ISO instants), page. Unknown values are a 400 with a stable code.
import { BadRequestError } from '../../core/errors.js';
import { DOC_ID_PATTERN } from '../../core/ids.js';
import { AUDIT_ACTIONS, type AuditFilter } from '../../core/store/audit.js';

export interface AuditQuery {
  filter: AuditFilter;
  page: number;
  /** The values as given, for the form and the links. */
  raw: { user: string; action: string; docId: string; from: string; to: string };
}

const one = (v: unknown): string => (typeof v === 'string' ? v.trim() : Array.isArray(v) && typeof v[0] === 'string' ? v[0].trim() : '');
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A date (local midnight; `end` = the next midnight, so `to` includes its whole day) or an ISO instant. */
function instant(value: string, name: 'from' | 'to'): string | undefined {
  if (!value) return undefined;
  const d = DATE.exec(value);
  const t = d ? new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]) + (name === 'to' ? 1 : 0)) : new Date(value);
  if (Number.isNaN(t.getTime()) || (!d && !/^\d{4}-\d{2}-\d{2}T/.test(value))) {
    throw new BadRequestError(`${name} 须为日期（2024-05-01）或时间（2024-05-01T08:00:00Z）`, `invalid_${name}`);
  }
  return t.toISOString();
}

export function parseAuditQuery(q: Record<string, unknown>): AuditQuery {
  const raw = { user: one(q.user), action: one(q.action), docId: one(q.docId), from: one(q.from), to: one(q.to) };
  if (raw.action && !AUDIT_ACTIONS.some((a) => a.action === raw.action)) {
    throw new BadRequestError(`action 须为 ${AUDIT_ACTIONS.map((a) => a.action).join('、')} 之一`, 'invalid_action');
  }
  if (raw.docId && !DOC_ID_PATTERN.test(raw.docId)) throw new BadRequestError('docId 须为 16 位十六进制文档编号', 'invalid_docId');
  const pageText = one(q.page) || '1';
  const page = Number(pageText);
  if (!/^\d+$/.test(pageText) || page < 1) throw new BadRequestError('page 须为不小于 1 的整数', 'invalid_page');
  const filter: AuditFilter = {
    ...(raw.user ? { user: raw.user } : {}),
    ...(raw.action ? { action: raw.action } : {}),
    ...(raw.docId ? { docId: raw.docId } : {}),
  };
  const from = instant(raw.from, 'from');
  const to = instant(raw.to, 'to');
  if (from) filter.from = from;
  if (to) filter.to = to;
  return { filter, page, raw };
}
