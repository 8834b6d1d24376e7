// Fuzzing every route of the real portal (real database, real engine) with fast-check for a bounded
// time: generated multipart bodies (part headers with NULs and odd encodings, file names with path
// separators, traversal and hundreds of characters, truncated bodies), headers, query strings and
// path parameters, signed in as an administrator so that every route is reached. The properties:
// no answer is a 5xx, the portal is alive after every request, and no file appears outside DATA_DIR
// (uploads are stored only under key-derived names inside it).
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/config.js';
import { AccountAdmin } from '../../src/core/store/account-admin.js';
import { SAMPLE_DIR, startTestEngine, type TestEngine } from '../helpers/engine.js';
import { PASSWORD, startPortal, type TestPortal } from '../helpers/portal.js';
import { form, multipart, rawRequest } from '../helpers/raw-http.js';

/** How long the fuzzing runs (all routes together). */
const FUZZ_MS = 60_000;
const MARK = 'fz17';
/** encodeURIComponent of a generated string, whose lone surrogates (a cut pair) become U+FFFD first. */
const enc = (s: string) => encodeURIComponent(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));

let engine: TestEngine;
let portal: TestPortal;
let cookie: string;

beforeAll(async () => {
  engine = await startTestEngine();
  await engine.ingest([SAMPLE_DIR]);
  portal = await startPortal(engine);
  await AccountAdmin.forDatabase(portal.db).add('fuzzadmin', 'admin', PASSWORD, { user: 'test', ip: null });
  const res = (await rawRequest(portal.base, {
    method: 'POST',
    path: '/login',
    headers: { origin: portal.base, 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ username: 'fuzzadmin', password: PASSWORD }),
  }))!;
  cookie = String(res.headers['set-cookie']![0]).split(';')[0]!;
});
afterAll(async () => {
  await portal?.close();
  await engine?.stop();
});

const ROUTES: Array<{ method: 'GET' | 'POST' | 'DELETE' | 'PUT'; path: string }> = [
  ...['/', '/search', '/admin/accounts', '/admin/audit', '/admin/audit.csv', '/api/basket', '/api/sections', '/api/stats', '/api/audit', '/basket', '/check', '/api/documents', '/documents', '/health', '/login', '/stats', '/upload', '/api/search'].map((p) => ({ method: 'GET' as const, path: p })),
  ...['/api/sections/:id/similar', '/sections/:id/similar', '/documents/:id', '/documents/:id/original', '/api/documents/:id'].map((p) => ({ method: 'GET' as const, path: p })),
  ...['/admin/accounts', '/admin/accounts/password', '/admin/accounts/role', '/admin/accounts/unlock', '/api/basket/items', '/api/check', '/api/export', '/check', '/api/documents', '/documents/:id/delete', '/login', '/upload'].map((p) => ({ method: 'POST' as const, path: p })),
  { method: 'DELETE', path: '/api/documents/:id' },
  { method: 'PUT', path: '/api/basket' },
];

const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom('%', '%E4%B8', '..', '../..', '\u0000', '上传/x.txt', 'a'.repeat(3000)));
const fileName = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }).map((s) => `${s}.txt`),
  fc.constantFrom(`../../${MARK}.txt`, `/tmp/${MARK}.txt`, `..\\..\\${MARK}.docx`, `${'党建'.repeat(150)}.txt`, `${MARK}\u0000.txt`, '.names.json', '.incoming', 'Report.TXT', 'ｒｅｐｏｒｔ.txt', ''),
);
const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,60}$/);
const partHeaders = fc.tuple(fc.constantFrom('files', 'file', 'text', '', 'x'.repeat(200)), fileName, fc.boolean(), fc.array(headerValue, { maxLength: 3 })).map(([field, name, withFile, extra]) => [
  `Content-Disposition: form-data; name="${field}"${withFile ? `; filename="${name}"; filename*=UTF-8''${enc(name)}` : ''}`,
  ...extra.map((v, i) => `X-${i}: ${v}`),
]);
const content = fc.oneof(fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 2000 }).map((u) => Buffer.from(u)), fc.constantFrom('一、主要工作\n开展党史学习教育。', 'PK\u0003\u0004garbage'));
const body = fc.oneof(
  fc.tuple(fc.array(fc.tuple(partHeaders, content), { maxLength: 25 }), fc.nat(), fc.boolean()).map(([parts, cut, truncate]) => {
    const m = multipart(parts.map(([headers, c]) => ({ headers, content: c })));
    return { contentType: m.contentType, body: truncate ? m.body.subarray(0, cut % (m.body.length + 1)) : m.body };
  }),
  fc.dictionary(text, text, { maxKeys: 30 }).map((d) => ({ contentType: 'application/x-www-form-urlencoded', body: Buffer.from(form(d)) })),
  fc.json().map((j) => ({ contentType: 'application/json', body: Buffer.from(j) })),
  fc.uint8Array({ maxLength: 4000 }).map((u) => ({ contentType: 'multipart/form-data; boundary=x', body: Buffer.from(u) })),
  fc.tuple(headerValue, fc.string({ maxLength: 300 })).map(([ct, b]) => ({ contentType: ct, body: Buffer.from(b) })),
);
const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom('q', 'mode', 'year', 'orgType', 'period', 'theme', 'page', 'sort', 'next', 'done', 'deleted', 'name', 'from', 'to', 'action', 'user', 'docId'), text.map((t) => t.slice(0, 20))), text), { maxLength: 8 }).map(
  (pairs) => pairs.map(([k, v]) => `${enc(k)}=${Math.random() < 0.2 ? v.replace(/[^\x21-\x7e]/g, '') : enc(v)}`).join('&'),
);
const extraHeaders = fc.dictionary(fc.constantFrom('accept', 'accept-language', 'x-forwarded-for', 'x-forwarded-proto', 'x-request-id', 'range', 'if-none-match', 'sec-fetch-site', 'x-remote-user'), headerValue, { maxKeys: 4 });

describe('fuzzing every route', () => {
  it(`answers generated requests for ${FUZZ_MS / 1000} s without a 5xx, a dead process or a file outside DATA_DIR`, async () => {
    let runs = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), fc.oneof(text, fc.constant('not-a-doc')), query, extraHeaders, body, async (route, id, q, headers, b) => {
        runs++;
        const p = route.path.replace(':id', enc(id) || 'x') + (q ? `?${q}` : '');
        const withBody = route.method !== 'GET';
        const res = await rawRequest(portal.base, {
          method: route.method,
          path: p,
          headers: { ...headers, cookie, origin: portal.base, ...(withBody ? { 'content-type': b.contentType } : {}) },
          ...(withBody ? { body: b.body } : {}),
        }).catch((err: Error) => ({ status: -1, text: err.message, headers: {} }));
        statuses.set(res!.status, (statuses.get(res!.status) ?? 0) + 1);
        if (res!.status >= 500 || res!.status === -1) throw new Error(`${route.method} ${p} → ${res!.status}: ${res!.text.slice(0, 300)}`);
      }),
      { interruptAfterTimeLimit: FUZZ_MS, numRuns: 1_000_000, endOnFailure: true },
    );
    console.info(`fuzzed ${runs} requests; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(runs).toBeGreaterThan(50);
    // Alive, and the session (the fuzz may have logged out or changed its password: a fresh one) still works.
    expect((await rawRequest(portal.base, { path: '/health' }))!.status).toBe(200);
    // Nothing landed outside DATA_DIR: no file named by a generated name in the temp folder, next to
    // DATA_DIR or in the project; inside DATA_DIR/uploads only key-derived names.
    for (const dir of [os.tmpdir(), path.dirname(portal.dataDir), PROJECT_ROOT, path.join(PROJECT_ROOT, '..')]) {
      expect(readdirSync(dir).filter((n) => n.includes(MARK))).toEqual([]);
    }
    const uploads = path.join(portal.dataDir, 'uploads');
    if (existsSync(uploads)) {
      for (const n of readdirSync(uploads)) expect(n).toMatch(/^([0-9a-f]{32}\.[a-z0-9.]*|\.names\.json|\.incoming)$/);
      expect(readdirSync(path.join(uploads, '.incoming'))).toEqual([]);
    }
  }, FUZZ_MS + 120_000);
});
