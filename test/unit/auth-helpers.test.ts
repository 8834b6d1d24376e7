// Small pure pieces of the sign-in layer: where `next` may lead, gateway user names, CSV cells.
import { describe, expect, it } from 'vitest';
import { safeNext } from '../../src/web/routes/auth.js';
import { proxyUserName } from '../../src/web/auth/identify.js';
import { auditCsvRow } from '../../src/web/presenters/audit.js';

describe('auth helpers', () => {
  it('safeNext only ever points into this site', () => {
    expect(safeNext('/documents/abc?q=1#x')).toBe('/documents/abc?q=1#x');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '', undefined, ['/a']]) {
      expect(safeNext(bad)).toBe('/');
    }
  });

  it('proxyUserName decodes percent-encoded UTF-8 and leaves ASCII alone', () => {
    expect(proxyUserName(encodeURIComponent('王五'))).toBe('王五');
    expect(proxyUserName(' zhang.san ')).toBe('zhang.san');
    // A broken encoding is refused rather than guessed at.
    expect(proxyUserName('%E0%A4%A')).toBeUndefined();
    expect(proxyUserName('%E0%80')).toBeUndefined();
    expect(proxyUserName('%ZZ')).toBe('%ZZ');
    expect(proxyUserName('')).toBeUndefined();
  });

  it('audit CSV cells never start a spreadsheet formula', () => {
    const row = auditCsvRow({ at: '2024-05-01T00:00:00Z', user: '=HYPERLINK("x")', ip: '10.0.0.1', action: 'upload', detail: '+1 总结.txt' });
    expect(row[1]).toBe('\'=HYPERLINK("x")');
    expect(row[6]).toBe("'+1 总结.txt");
    expect(row[3]).toBe('上传');
  });
});
