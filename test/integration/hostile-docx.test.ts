// Issue 17: the small docx of megabytes of tiny paragraphs used to end `npm run ingest` (out of
// memory, exit 134) with nothing of the folder indexed. Now it is read in the isolated child in
// bounded memory and indexed; one beyond every count limit is skipped with its reason; the rest
// of the folder is indexed; the ingester (run with npm run ingest's flags) stays under 512 MB.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/config.js';
import { INGEST_NODE_FLAGS } from '../helpers/ingest-flags.js';
import { DOCX_LIMITS } from '../../ingest/readers/docx.js';
import { tinyParagraphsDocx } from '../helpers/docx-builder.js';
import { SAMPLE_DIR, startTestEngine, type TestEngine } from '../helpers/engine.js';

const run = promisify(execFile);
const MB = 1024 * 1024;

describe('ingesting a small docx of megabytes of tiny paragraphs', () => {
  let engine: TestEngine;
  let dir: string;
  beforeAll(async () => {
    engine = await startTestEngine();
    dir = mkdtempSync(path.join(os.tmpdir(), 'dj-tiny-'));
    cpSync(SAMPLE_DIR, dir, { recursive: true });
    writeFileSync(path.join(dir, '某单位2024年党建工作总结.docx'), await tinyParagraphsDocx(150_000));
    writeFileSync(path.join(dir, '某单位2024年党建工作总结（超限）.docx'), await tinyParagraphsDocx(DOCX_LIMITS.maxLines + 10, 18));
  });
  afterAll(async () => {
    await engine?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('indexes it and the rest of the folder, skips the one over the limits with its reason, within the memory budget', async () => {
    const size = statSync(path.join(dir, '某单位2024年党建工作总结.docx')).size;
    expect(size).toBeGreaterThan(400 * 1024);
    expect(size).toBeLessThan(850 * 1024);
    const { stdout } = await run(
      process.execPath,
      [...INGEST_NODE_FLAGS, '--import', 'tsx', path.join(PROJECT_ROOT, 'test/helpers/ingest-child.ts'), engine.url, engine.masterKey, dir],
      { cwd: PROJECT_ROOT, maxBuffer: 16 * MB },
    );
    const { report, maxRssBytes, readerPeakRssBytes } = JSON.parse(stdout.trim().split('\n').pop()!) as {
      report: { indexed: number; skipped: { relPath: string; reason: string }[] };
      maxRssBytes: number;
      readerPeakRssBytes: number;
    };
    expect(report.skipped).toEqual([
      { relPath: '某单位2024年党建工作总结（超限）.docx', reason: `docx 内容过多（超过 ${DOCX_LIMITS.maxLines} 个段落），不像工作总结，已拒绝` },
    ]);
    expect(report.indexed).toBe(6);
    console.info(`ingest with the 150,000-paragraph docx: ingester peak RSS ${(maxRssBytes / MB).toFixed(0)} MB, reading child ${(readerPeakRssBytes / MB).toFixed(0)} MB`);
    expect(maxRssBytes).toBeLessThan(512 * MB);
    expect(readerPeakRssBytes).toBeGreaterThan(0);
    expect(readerPeakRssBytes).toBeLessThan(384 * MB);
    const docs = await engine.deps().documents.list();
    expect(docs.map((d) => d.sourceFile).sort()).toContain('某单位2024年党建工作总结.docx');
  }, 240_000);
});
