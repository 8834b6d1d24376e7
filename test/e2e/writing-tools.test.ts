// The writer's tools in a real browser (chromium, strict CSP): fill the 素材篮 from search hits and
// from a passage selected in the viewer, edit it, export it as Word and read the download back;
// 查重 of a pasted draft and the 统计 charts, with screenshots in test/e2e/screenshots/ (git-ignored).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/core/config.js';
import { SAMPLE_DIR, startTestEngine, type TestEngine } from '../helpers/engine.js';
import { hasChromium, launchChromium } from '../helpers/browser.js';
import { listen, type Listening } from '../helpers/http.js';

const SHOTS = path.join(PROJECT_ROOT, 'test', 'e2e', 'screenshots');

describe.skipIf(!hasChromium)('writer’s tools in a browser (chromium)', () => {
  let engine: TestEngine;
  let server: Listening;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    engine = await startTestEngine();
    await engine.ingest([SAMPLE_DIR]);
    server = await listen(engine.app());
    base = server.base;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await engine?.stop();
  });

  async function open(): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, deviceScaleFactor: 1, locale: 'zh-CN', acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // CSP violations are reported as console errors.
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    return { page, errors, close: () => context.close() };
  }

  it('fills the basket from hits and a selected passage, edits it, and downloads the Word export', async () => {
    const { page, errors, close } = await open();
    await page.goto(`${base}/?q=${encodeURIComponent('党费')}`);
    const hits = page.locator('article.hit');
    await expect.poll(() => hits.count()).toBe(3);
    const firstTitle = await hits.nth(0).locator('.hit-title').textContent();
    await hits.nth(0).locator('[data-basket-add]').click();
    await expect.poll(() => page.locator('[data-basket-count]').textContent()).toBe('1');
    await hits.nth(1).locator('[data-basket-add]').click();
    await expect.poll(() => page.locator('[data-basket-count]').textContent()).toBe('2');
    // Adding the same hit again does not duplicate it.
    await hits.nth(1).locator('[data-basket-add]').click();
    await expect.poll(() => page.locator('[data-basket-status]').textContent()).toContain('已有');

    // The viewer: select part of a paragraph; the section's button adds just that passage.
    await Promise.all([page.waitForURL(/\/documents\//), hits.nth(2).locator('a.goto').click()]);
    const sectionId = decodeURIComponent(new URL(page.url()).hash.slice('#section-'.length));
    const quote = await page.evaluate((id) => {
      const p = document.querySelector(`#section-${id} [data-sec-text] p`)!;
      const node = p.firstChild!.nodeType === 3 ? p.firstChild! : p.querySelector('mark')!.nextSibling!;
      const range = document.createRange();
      range.setStart(node, 0);
      range.setEnd(node, Math.min(12, node.textContent!.length));
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      return sel.toString();
    }, sectionId);
    const button = page.locator(`#section-${sectionId} [data-basket-add]`);
    await expect.poll(() => button.textContent()).toBe('所选文字加入素材篮');
    await button.click();
    await expect.poll(() => page.locator('[data-basket-count]').textContent()).toBe('3');

    // The basket page: sources with links back, notes, reorder; kept across a reload.
    await page.goto(`${base}/basket`);
    const items = page.locator('[data-basket-item]');
    await expect.poll(() => items.count()).toBe(3);
    expect(await items.nth(0).locator('.basket-source a').textContent()).toContain(`《${firstTitle!.trim()}》`);
    expect(await items.nth(0).locator('.basket-source a').getAttribute('href')).toMatch(/^\/documents\/[0-9a-f]{16}#section-/);
    expect(await items.nth(2).locator('.basket-text').textContent()).toBe(quote);
    await items.nth(0).locator('.basket-note').fill('开头可用');
    await items.nth(0).locator('[data-action="down"]').click();
    await page.waitForTimeout(600);
    await page.reload();
    await expect.poll(() => items.count()).toBe(3);
    expect(await items.nth(1).locator('.basket-note').inputValue()).toBe('开头可用');
    await items.nth(2).locator('[data-action="remove"]').click();
    await expect.poll(() => items.count()).toBe(2);
    await page.screenshot({ path: path.join(SHOTS, 'basket.png'), fullPage: true });

    await page.locator('[data-export-title]').fill('党费工作素材');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export]').click()]);
    expect(download.suggestedFilename()).toBe('党费工作素材.docx');
    const file = await download.path();
    const { value } = await mammoth.extractRawText({ path: file });
    expect(value).toContain('党费工作素材');
    expect(value).toContain(`《${firstTitle!.trim()}》`);
    expect(value).toContain('开头可用');
    expect(value.match(/——/g)).toHaveLength(2);
    expect(errors).toEqual([]);
    await close();
  });

  it('查重 marks the copied passage of a pasted draft and rates it; 统计 draws bars that link to the search', async () => {
    const { page, errors, close } = await open();
    const hit = (await (await fetch(`${base}/api/search?q=${encodeURIComponent('党费')}`)).json()).hits[0];
    const draft = `今年我们把支部活动室重新布置了一遍，添置了书架和投影仪。\n${hit.text}\n下半年准备组织党员到革命纪念馆参观学习一次。`;
    await page.goto(`${base}/check`);
    await page.locator('#check-text').fill(draft);
    await Promise.all([page.waitForURL(/\/check$/), page.locator('[data-check-submit]').click()]);
    await expect.poll(() => page.locator('[data-ratio]').textContent()).toMatch(/%$/);
    const ratio = parseFloat((await page.locator('[data-ratio]').textContent())!);
    expect(ratio).toBeGreaterThan(20);
    expect(ratio).toBeLessThan(90);
    expect(await page.locator('[data-draft] mark.copied').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-passage] .sources a').first().getAttribute('href')).toContain('mode=exact');
    await page.screenshot({ path: path.join(SHOTS, 'check.png'), fullPage: true });

    // One click from the search page to its 统计 view.
    await page.goto(`${base}/?q=${encodeURIComponent('党员')}`);
    await Promise.all([page.waitForURL(/\/stats\?/), page.locator('[data-stats-link]').click()]);
    expect(await page.locator('svg.bars').count()).toBe(4);
    await page.screenshot({ path: path.join(SHOTS, 'stats.png'), fullPage: true });
    const bar = page.locator('a[data-bar="year"][data-value="2023"]');
    await Promise.all([page.waitForURL(/year=2023/), bar.click()]);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(new URL(page.url()).searchParams.get('q')).toBe('党员');
    expect(await page.locator('a.chip').textContent()).toContain('2023');
    expect(errors).toEqual([]);
    await close();
  });
});
