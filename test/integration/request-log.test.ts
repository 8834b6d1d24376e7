// Structured request logs (pino-http through createApp's `logger` dep): one JSON line per request
// with an id, the status and the time taken; the id is returned as X-Request-Id; a production
// error answer carries no stack trace while the log keeps the error.
import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { SAMPLE_DIR, startTestEngine, type TestEngine } from '../helpers/engine.js';

describe('request logs', () => {
  let engine: TestEngine;
  const lines: Array<Record<string, any>> = [];
  const logger = createLogger(
    { level: 'info' },
    new Writable({ write: (chunk, _enc, cb) => (String(chunk).split('\n').filter(Boolean).forEach((l) => lines.push(JSON.parse(l))), cb()) }),
  );
  beforeAll(async () => {
    engine = await startTestEngine();
    await engine.ingest([SAMPLE_DIR]);
  });
  afterAll(async () => engine?.stop());

  it('writes one line per request with an id, status and time', async () => {
    lines.length = 0;
    const app = engine.app({ logger });
    const res = await request(app).get('/api/search?q=党费');
    expect(res.status).toBe(200);
    await request(app).get('/no-such-page');
    expect(lines).toHaveLength(2);
    const [ok, missing] = lines;
    expect(ok).toMatchObject({ level: 'info', msg: 'request completed', req: { method: 'GET', url: '/api/search?q=%E5%85%9A%E8%B4%B9' }, res: { statusCode: 200 } });
    expect(ok!.req.id).toBe(res.headers['x-request-id']);
    expect(ok!.req.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof ok!.responseTime).toBe('number');
    expect(typeof ok!.time).toBe('string');
    // Headers (cookies, keys) never reach the log.
    expect(ok!.req.headers).toBeUndefined();
    expect(missing).toMatchObject({ level: 'warn', res: { statusCode: 404 } });
  });

  it("keeps a caller's request id", async () => {
    lines.length = 0;
    const res = await request(engine.app({ logger })).get('/health').set('X-Request-Id', 'proxy-42');
    expect(res.headers['x-request-id']).toBe('proxy-42');
    expect(lines[0]!.req.id).toBe('proxy-42');
  });

  it('answers a production 500 without a stack trace and logs the error', async () => {
    lines.length = 0;
    const failing = { search: async () => Promise.reject(new Error('boom at secret/place.ts:42')) };
    const app = engine.app({ logger, production: true, search: failing as never });
    const api = await request(app).get('/api/search?q=党费');
    expect(api.status).toBe(500);
    expect(api.body).toEqual({ error: { code: 'internal_error', message: '服务器内部错误' } });
    const page = await request(app).get('/?q=党费');
    expect(page.status).toBe(500);
    expect(page.text).not.toMatch(/boom|secret\/place|at .+\.ts:\d+/);
    const logged = lines.filter((l) => l.err?.message === 'boom at secret/place.ts:42');
    expect(logged.length).toBeGreaterThanOrEqual(2);
    expect(lines.filter((l) => l.msg === 'request errored' || l.res?.statusCode === 500).length).toBeGreaterThanOrEqual(2);
  });
});
