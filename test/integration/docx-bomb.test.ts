// A .docx zip bomb (about 1 MB whose word/document.xml inflates to over 1 GB) fed to a real
// ingestion beside ordinary files: refused with a reason that says so, the process stays under
// 512 MB, and the other files are indexed.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/config.js';
import { INGEST_NODE_FLAGS } from '../helpers/ingest-flags.js';
import { makeZipBomb, withDeclaredSize } from '../helpers/zip-bomb.js';
import { SAMPLE_DIR, startTestEngine, type TestEngine } from '../helpers/engine.js';

const run = promisify(execFile);
const GB = 1024 ** 3;

describe('ingesting a docx zip bomb', () => {
  let engine: TestEngine;
  let dir: string;
  beforeAll(async () => {
    engine = await startTestEngine();
    dir = mkdtempSync(path.join(os.tmpdir(), 'dj-bomb-'));
    cpSync(SAMPLE_DIR, dir, { recursive: true });
    const bomb = makeZipBomb({ inflate: 1.1 * GB });
    writeFileSync(path.join(dir, '某单位2024年党建工作总结.docx'), bomb);
    // The same bomb with a header claiming 2 MB: only counting while inflating can catch it.
    writeFileSync(path.join(dir, '某单位2024年党建工作总结（副本）.docx'), withDeclaredSize(bomb, 'word/document.xml', 2 * 1024 * 1024));
  });
  afterAll(async () => {
    await engine?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses both bombs with a reason that says so, indexes the rest, and stays under 512 MB', async () => {
    const size = statSync(path.join(dir, '某单位2024年党建工作总结.docx')).size;
    expect(size).toBeGreaterThan(512 * 1024);
    expect(size).toBeLessThan(2 * 1024 * 1024);
    const { stdout } = await run(
      process.execPath,
      [...INGEST_NODE_FLAGS, '--import', 'tsx', path.join(PROJECT_ROOT, 'test/helpers/ingest-child.ts'), engine.url, engine.masterKey, dir],
      { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
    const { report, maxRssBytes } = JSON.parse(stdout.trim().split('\n').pop()!) as {
      report: { indexed: number; skipped: { relPath: string; reason: string }[] };
      maxRssBytes: number;
    };
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.relPath, s.reason]));
    expect(reasons['某单位2024年党建工作总结.docx']).toMatch(/疑似压缩炸弹.*声明解压后 1\d{3} MB/);
    expect(reasons['某单位2024年党建工作总结（副本）.docx']).toMatch(/疑似压缩炸弹.*不符/);
    expect(report.indexed).toBe(5);
    console.info(`ingest with two 1.1 GB bombs: peak RSS ${(maxRssBytes / 1024 / 1024).toFixed(0)} MB`);
    expect(maxRssBytes).toBeLessThan(512 * 1024 * 1024);
    const docs = (await engine.deps().documents.list()).length;
    expect(docs).toBe(5);
  });
});
