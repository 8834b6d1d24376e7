// The messages of src/core/writer-lock.ts: the running writer named with its pid and since when, the
// host only when it is another machine; and the data-dir lock within one process (no engine needed).
import os from 'node:os';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDirLock, describeHolder, WRITER_HOLDER_FILE, WriterBusyError } from '../../src/core/ops/writer-lock.js';

describe('describeHolder', () => {
  it('names what runs, its pid and since when; the host only if it is another one', () => {
    const here = describeHolder({ pid: 4242, host: os.hostname(), since: '2026-11-28T02:03:04.000Z', purpose: 'npm run ingest /archive' });
    expect(here).toMatch(/^npm run ingest \/archive（pid 4242，自 2026\/11\/28 \d\d:03:04 起）$/);
    expect(describeHolder({ pid: 7, host: 'other-box', since: 'x', purpose: 'watch' })).toBe('watch（pid 7，主机 other-box，自 x 起）');
    expect(describeHolder(null)).toMatch(/刚刚开始/);
  });
  it('is a 409 writer_busy for the portal', () => {
    const err = new WriterBusyError({ pid: 1, host: os.hostname(), since: new Date().toISOString(), purpose: 'upload' });
    expect([err.status, err.code]).toEqual([409, 'writer_busy']);
  });
});

describe('dataDirLock', () => {
  it('lets one holder in, refuses the next naming it, and frees on release', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dj-lock-unit-'));
    try {
      const release = await dataDirLock(dir).acquire({ purpose: 'first', wait: false });
      expect(JSON.parse(readFileSync(path.join(dir, WRITER_HOLDER_FILE), 'utf8'))).toMatchObject({ pid: process.pid, purpose: 'first' });
      await expect(dataDirLock(dir).acquire({ purpose: 'second', wait: false })).rejects.toThrow(/索引正在被写入：first（pid \d+，自 .+ 起）/);
      await release();
      const again = await dataDirLock(dir).acquire({ purpose: 'second', wait: false });
      await again();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('takes over at once a lock whose holder on this host no longer exists', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dj-lock-unit-'));
    try {
      await dataDirLock(dir).acquire({ purpose: 'crashed', wait: false });
      // Make the holder a pid that does not exist (as after kill -9).
      const file = path.join(dir, WRITER_HOLDER_FILE);
      const h = JSON.parse(readFileSync(file, 'utf8'));
      writeFileSync(file, JSON.stringify({ ...h, pid: 2 ** 22 - 7 }));
      const release = await dataDirLock(dir).acquire({ purpose: 'next', wait: false });
      expect(JSON.parse(readFileSync(file, 'utf8')).purpose).toBe('next');
      await release();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
