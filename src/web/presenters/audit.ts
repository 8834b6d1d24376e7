// The audit trail for the admin page and its CSV: local times, action labels, links to documents.
import { AUDIT_ACTIONS, type AuditEvent } from '../../core/store/audit.js';

const LABEL = new Map<string, string>(AUDIT_ACTIONS.map((a) => [a.action, a.label]));
export const actionLabel = (action: string) => LABEL.get(action) ?? action;

const pad = (n: number) => String(n).padStart(2, '0');
/** yyyy-mm-dd hh:mm:ss in the server's time zone (TZ), which is the office's. */
export function localTime(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function presentAuditRow(e: AuditEvent) {
  return { ...e, time: localTime(e.at), label: actionLabel(e.action), docHref: e.docId ? `/documents/${e.docId}` : null };
}

export const CSV_COLUMNS = ['时间', '用户', '地址', '操作', '动作代码', '文档', '详情'];

/**
 * One CSV row. A cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a
 * leading apostrophe: user names and file names come from outside.
 */
export function auditCsvRow(e: AuditEvent): string[] {
  const safe = (s: string | null | undefined) => {
    const v = s ?? '';
    return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  };
  return [localTime(e.at), safe(e.user), safe(e.ip), actionLabel(e.action), e.action, e.docId ?? '', safe(e.detail)];
}
