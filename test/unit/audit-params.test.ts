// The audit query: dates are whole local days, instants are exact, unknown values are refused.
import { describe, expect, it } from 'vitest';
import { parseAuditQuery } from '../../src/web/query/audit-params.js';

describe('audit-params', () => {
  it('reads every filter; `to` as a date includes that whole day', () => {
    const q = parseAuditQuery({ user: ' 张三 ', action: 'delete', docId: '0123456789abcdef', from: '2024-05-01', to: '2024-05-31', page: '3' });
    expect(q.page).toBe(3);
    expect(q.filter.user).toBe('张三');
    expect(q.filter.action).toBe('delete');
    expect(q.filter.docId).toBe('0123456789abcdef');
    expect(q.filter.from).toBe(new Date(2024, 4, 1).toISOString());
    expect(q.filter.to).toBe(new Date(2024, 5, 1).toISOString());
  });

  it('takes ISO instants as they are, and nothing when empty', () => {
    expect(parseAuditQuery({ from: '2024-05-01T08:00:00Z' }).filter).toEqual({ from: '2024-05-01T08:00:00.000Z' });
    expect(parseAuditQuery({})).toMatchObject({ filter: {}, page: 1 });
  });

  it('refuses unknown actions, malformed ids, dates and pages with stable codes', () => {
    const code = (q: Record<string, unknown>) => {
      try {
        parseAuditQuery(q);
        return null;
      } catch (err) {
        return (err as { code: string }).code;
      }
    };
    expect(code({ action: 'fly' })).toBe('invalid_action');
    expect(code({ docId: 'x' })).toBe('invalid_docId');
    expect(code({ from: '2024-13-45x' })).toBe('invalid_from');
    expect(code({ to: 'tomorrow' })).toBe('invalid_to');
    expect(code({ page: '0' })).toBe('invalid_page');
    expect(code({ page: '1.5' })).toBe('invalid_page');
  });
});
