// The content-addressed store of originals and cleaned texts under DATA_DIR.
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BlobStore, sha256Hex } from '../../src/core/blob-store.js';

const dirs: string[] = [];
const store = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dj-blobs-'));
  dirs.push(dir);
  return new BlobStore(dir);
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('BlobStore', () => {
  it('names a blob by the sha256 of its bytes and gives the same bytes back', () => {
    const s = store();
    const bytes = Buffer.from([0xb5, 0xb3, 0xd6, 0xa7, 0xb2, 0xbf]); // GB18030 党支部
    const hash = s.put(bytes);
    expect(hash).toBe(sha256Hex(bytes));
    expect(s.get(hash)).toEqual(bytes);
    expect(s.getText(s.put('党支部工作总结'))).toBe('党支部工作总结');
  });

  it('stores identical content once', () => {
    const s = store();
    expect(s.put('同一段正文')).toBe(s.put(Buffer.from('同一段正文', 'utf8')));
    const files = readdirSync(s.dir, { recursive: true }).filter((f) => String(f).length > 3);
    expect(files).toHaveLength(1);
  });

  it('stores the same blobs without blocking (putAsync), once each, even when the same content is written twice at once', async () => {
    const s = store();
    const texts = Array.from({ length: 40 }, (_, i) => `第${i % 20}段正文`);
    const hashes = await Promise.all(texts.map((t) => s.putAsync(t)));
    expect(hashes).toEqual(texts.map((t) => sha256Hex(t)));
    for (const [i, h] of hashes.entries()) expect(s.getText(h)).toBe(texts[i]);
    // 20 distinct texts, no temporary file left behind.
    const files = readdirSync(s.dir, { recursive: true }).map(String).filter((f) => f.length > 3);
    expect(files).toHaveLength(20);
    expect(files.some((f) => f.endsWith('.tmp'))).toBe(false);
    expect(await s.putAsync(Buffer.from('第1段正文', 'utf8'))).toBe(s.put('第1段正文'));
  });

  it('answers null for a missing blob and refuses a damaged one', () => {
    const s = store();
    expect(s.get('0'.repeat(64))).toBeNull();
    expect(s.has('0'.repeat(64))).toBe(false);
    const hash = s.put('原文');
    writeFileSync(path.join(s.dir, hash.slice(0, 2), hash), '改过的内容');
    expect(() => s.get(hash)).toThrow(/damaged/);
    expect(() => s.get('../etc/passwd')).toThrow(/not a blob name/);
  });

  it('collects blobs no record names, sparing recent ones', () => {
    const s = store();
    const kept = s.put('仍在索引中');
    const dropped = s.put('已被替换');
    const fresh = s.put('另一次导入刚写入');
    const old = new Date(Date.now() - 60_000);
    for (const h of [kept, dropped]) utimesSync(path.join(s.dir, h.slice(0, 2), h), old, old);
    const cutoff = Date.now() - 30_000;
    const r = s.collectGarbage(new Set([kept]), cutoff);
    expect(r.removed).toBe(1);
    expect(s.has(kept)).toBe(true);
    expect(s.has(dropped)).toBe(false);
    expect(s.has(fresh)).toBe(true);
  });
});
