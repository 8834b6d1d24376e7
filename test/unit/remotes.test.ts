// MEILI_REMOTES: parsing the list of engines, and the stable route of a document to one of them.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { engineOf, parseRemotes } from '../../src/core/remotes.js';

describe('parseRemotes', () => {
  it('reads name=url pairs in order, trimming spaces and trailing slashes', () => {
    expect(parseRemotes(' ms-00=http://host-a:7700/ , ms-01=https://host-b:7700,ms_02=http://10.0.0.3:7700')).toEqual([
      { name: 'ms-00', url: 'http://host-a:7700' },
      { name: 'ms-01', url: 'https://host-b:7700' },
      { name: 'ms_02', url: 'http://10.0.0.3:7700' },
    ]);
  });

  it('refuses what cannot be an engine, naming the entry', () => {
    expect(() => parseRemotes('http://host-a:7700')).toThrow(/name=url/);
    expect(() => parseRemotes('ms 0=http://a:7700')).toThrow(/ms 0/);
    expect(() => parseRemotes('ms-00=host-a:7700x')).toThrow(/ms-00/);
    expect(() => parseRemotes('ms-00=ftp://a')).toThrow(/http/);
    expect(() => parseRemotes('a=http://x:1,a=http://y:1')).toThrow(/twice/);
    expect(() => parseRemotes(' , ')).toThrow(/no engine/);
  });

  it('is read by the config, which refuses it beside MEILI_URL or without a key', () => {
    const c = loadConfig({ MEILI_REMOTES: 'a=http://x:7700,b=http://y:7700', MEILI_MASTER_KEY: 'k' });
    expect(c.MEILI_REMOTES?.map((r) => r.name)).toEqual(['a', 'b']);
    expect(loadConfig({}).MEILI_REMOTES).toBeUndefined();
    expect(() => loadConfig({ MEILI_REMOTES: 'a=http://x:7700', MEILI_URL: 'http://x:7700', MEILI_MASTER_KEY: 'k' })).toThrow(/MEILI_URL/);
    expect(() => loadConfig({ MEILI_REMOTES: 'a=http://x:7700' })).toThrow(/MEILI_MASTER_KEY/);
    expect(() => loadConfig({ MEILI_REMOTES: 'nonsense', MEILI_MASTER_KEY: 'k' })).toThrow(/MEILI_REMOTES/);
  });
});

describe('engineOf', () => {
  // The oracle: the definition written out once more (first 32 bits of SHA-256, big-endian, modulo n).
  const oracle = (id: string, n: number) => parseInt(createHash('sha256').update(id).digest('hex').slice(0, 8), 16) % n;
  const ids = Array.from({ length: 3000 }, (_, i) => createHash('sha256').update(`doc${i}`).digest('hex').slice(0, 16));

  it('routes every document by its id alone, the same way every time', () => {
    for (const n of [1, 2, 3, 7]) for (const id of ids.slice(0, 500)) expect(engineOf(id, n)).toBe(oracle(id, n));
    expect(engineOf('a', 1)).toBe(0);
    expect(engineOf('a', 0)).toBe(0);
  });

  it('spreads documents evenly', () => {
    const counts = [0, 0, 0];
    for (const id of ids) counts[engineOf(id, 3)]!++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(120);
  });
});
