// Log lines: human on a terminal, JSON for pipes and LOG_FORMAT=json.
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger, humanLines, prettyStream } from '../../src/core/logger.js';
import { loadConfig } from '../../src/core/config.js';

const collect = (s: PassThrough) => {
  const chunks: string[] = [];
  s.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  return () => chunks.join('');
};

describe('log format', () => {
  it('auto writes human lines only to a terminal; json and pretty are what they say', () => {
    expect(humanLines('auto', { isTTY: true })).toBe(true);
    expect(humanLines('auto', { isTTY: false })).toBe(false);
    expect(humanLines('auto', {})).toBe(false);
    expect(humanLines('json', { isTTY: true })).toBe(false);
    expect(humanLines('pretty', { isTTY: false })).toBe(true);
  });

  it('LOG_FORMAT is read by the config (auto by default) and refuses other values', () => {
    expect(loadConfig({}).LOG_FORMAT).toBe('auto');
    expect(loadConfig({ LOG_FORMAT: 'json' }).LOG_FORMAT).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });

  it('a human line holds the time, the level and the message, not JSON', async () => {
    const out = new PassThrough();
    const text = collect(out);
    const logger = pino({ level: 'info', timestamp: pino.stdTimeFunctions.isoTime }, prettyStream(false, out));
    logger.info({ dir: '/archive', component: 'ingest' }, '导入语料');
    logger.warn('未提供 MEILI_MASTER_KEY');
    logger.info({ req: { id: 'r1', method: 'GET', url: '/api/search?q=x' }, res: { statusCode: 200 }, responseTime: 12 }, 'request completed');
    await new Promise((r) => setImmediate(r));
    const lines = text().trim().split('\n');
    expect(lines).toHaveLength(3);
    logger.error({ err: new Error('引擎无响应') }, '导入失败');
    await new Promise((r) => setImmediate(r));
    expect(text()).toMatch(/ERROR: 导入失败[\s\S]*引擎无响应/);
    expect(lines[0]).toMatch(/^\[\d{2}:\d{2}:\d{2}\] INFO: 导入语料/);
    expect(lines[0]).toMatch(/导入语料 dir=\/archive$/);
    expect(lines[1]).toMatch(/WARN: 未提供 MEILI_MASTER_KEY$/);
    expect(lines[2]).toMatch(/INFO: GET \/api\/search\?q=x 200 12 ms$/);
    for (const l of lines) expect(l.startsWith('{')).toBe(false);
  });

  it('a given destination gets one JSON object per line with the level named', async () => {
    const out = new PassThrough();
    const text = collect(out);
    createLogger({ level: 'info' }, out).info({ file: 'a.txt' }, 'ingest file');
    await new Promise((r) => setImmediate(r));
    expect(JSON.parse(text().trim())).toMatchObject({ level: 'info', msg: 'ingest file', file: 'a.txt' });
  });
});
