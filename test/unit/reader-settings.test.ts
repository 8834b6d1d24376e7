// The readers' settings from the configuration, and the OCR cache under DATA_DIR they are given.
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readerSettings } from '../../ingest/reader-settings.js';
import { fileOcrCache } from '../../ingest/readers/ocr/cache.js';
import { loadConfig } from '../../src/core/config.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'dj-ocr-cache-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const KEY = `${'ab'.repeat(32)}.paddle-ppocrv4`;

describe('reader settings', () => {
  it('maps the configuration: OCR on by default, OCR=false off, limits in their units', () => {
    const on = readerSettings(loadConfig({ DATA_DIR: '/tmp/x' }));
    expect(on).toMatchObject({ ocr: true, ocrEngine: 'paddle', ocrTimeoutMs: 900_000, ocrMaxPages: 100, maxPages: 1000, ocrCacheDir: '/tmp/x/ocr-cache' });
    const off = readerSettings(loadConfig({ DATA_DIR: '/tmp/x', OCR: 'false', OCR_ENGINE: 'tesseract', OCR_TIMEOUT_SECONDS: '60', PDF_MAX_PAGES: '50' }));
    expect(off).toMatchObject({ ocr: false, ocrEngine: 'tesseract', ocrTimeoutMs: 60_000, maxPages: 50 });
    expect(() => loadConfig({ OCR_ENGINE: 'abbyy' })).toThrow(/OCR_ENGINE/);
  });

  it('keeps recognition results as one private JSON file per file hash and engine', async () => {
    const dir = path.join(tmp(), 'ocr-cache');
    const cache = fileOcrCache(dir);
    expect(await cache.get(KEY)).toBeUndefined();
    await cache.set(KEY, { pages: { 1: [{ text: '党建', x0: 0, x1: 1, y0: 0, y1: 1, confidence: 0.9 }] } });
    expect(await cache.get(KEY)).toEqual({ pages: { 1: [{ text: '党建', x0: 0, x1: 1, y0: 0, y1: 1, confidence: 0.9 }] } });
    expect(readdirSync(dir)).toEqual([`${KEY}.json`]);
    expect(statSync(path.join(dir, `${KEY}.json`)).mode & 0o777).toBe(0o600);
  });

  it('treats a half-written entry as missing, and refuses keys that could name another file', async () => {
    const dir = tmp();
    const cache = fileOcrCache(dir);
    writeFileSync(path.join(dir, `${KEY}.json`), '{"pages": {"1": [');
    expect(await cache.get(KEY)).toBeUndefined();
    await expect(cache.set('../../etc/passwd', {})).rejects.toThrow(/OCR 缓存键无效/);
  });
});
