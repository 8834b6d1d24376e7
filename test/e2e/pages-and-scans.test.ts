// Pages and recognised text in a real browser: a hit from an OFD says on which page of the original
// it stands; a hit from a scan says its text was recognised (OCR) and may hold errors, with the
// original one click away, and the viewer says the same and labels each section with its page.
// Screenshots go to test/e2e/screenshots/ (git-ignored) to look at.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/core/config.js';
import { OFD_WRAPPED_PHRASE } from '../fixtures/office-fixtures.js';
import { CHROMIUM, hasChromium, launchChromium } from '../helpers/browser.js';
import { indexDecoded, SCANNED_SUMMARY } from '../helpers/decoded.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import { listen, type Listening } from '../helpers/http.js';
import { OFD_NAME, OFFICE_DIR } from '../fixtures/office-files.js';

const SHOTS = path.join(PROJECT_ROOT, 'test', 'e2e', 'screenshots');
if (!hasChromium) console.warn(`e2e skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

describe.skipIf(!hasChromium)('pages and scans in a browser (chromium)', () => {
  let engine: TestEngine;
  let server: Listening;
  let browser: Browser;
  let archive: string;
  let scanId: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    engine = await startTestEngine();
    archive = mkdtempSync(path.join(os.tmpdir(), 'dj-ofd-'));
    cpSync(path.join(OFFICE_DIR, OFD_NAME), path.join(archive, OFD_NAME));
    await engine.ingest([archive]);
    [scanId] = (await indexDecoded(engine, '扫描件/村党支部2021年度工作总结.pdf', Buffer.from('scan-bytes-e2e'), SCANNED_SUMMARY)) as [string];
    server = await listen(engine.app());
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await engine?.stop();
    if (archive) rmSync(archive, { recursive: true, force: true });
  });

  it('shows the page of an OFD hit', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await page.goto(`${server.base}/?mode=exact&q=${encodeURIComponent(OFD_WRAPPED_PHRASE)}`);
    const hit = page.locator('[data-hit]').first();
    await expect.poll(() => hit.locator('[data-hit-page]').textContent()).toBe('原件第 1 页');
    expect(await hit.locator('mark').first().textContent()).toBe(OFD_WRAPPED_PHRASE);
    await page.screenshot({ path: path.join(SHOTS, 'ofd-hit-page.png'), fullPage: false });
    await page.close();
  });

  it('says a scanned hit was recognised, links its original page, and the viewer says it again', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await page.goto(`${server.base}/?mode=exact&q=${encodeURIComponent('扫描识别专用短语甲乙丙')}`);
    const note = page.locator('[data-hit] [data-ocr]');
    expect(await note.isVisible()).toBe(true);
    expect(await note.textContent()).toContain('可能有识别错误');
    expect(await note.locator('a').getAttribute('href')).toBe(`/documents/${scanId}/original#page=1`);
    await page.screenshot({ path: path.join(SHOTS, 'scan-hit.png'), fullPage: false });

    await page.locator('[data-hit] a.goto').first().click();
    await page.waitForURL(/\/documents\/[0-9a-f]{16}\?/);
    const viewerNote = page.locator('.doc-header [data-ocr]');
    expect(await viewerNote.isVisible()).toBe(true);
    expect(await viewerNote.locator('a').getAttribute('href')).toBe(`/documents/${scanId}/original`);
    expect(await page.locator('[data-section-page]').evaluateAll((els) => els.map((e) => e.getAttribute('data-section-page')))).toEqual(['1', '1', '2']);
    await page.screenshot({ path: path.join(SHOTS, 'scan-viewer.png'), fullPage: false });
    await page.close();
  });
});
