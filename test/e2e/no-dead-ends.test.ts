// No dead ends, in a real browser: the search box offers the archive's phrases as you type (picked
// with the keyboard), a query typed with the wrong homophone offers its correction as a link,
// near results say what each hit lacks, and a part heading's hit shows its part and opens the
// viewer at it. Screenshots in test/e2e/screenshots/ (git-ignored).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/core/config.js';
import { SAMPLE_DIR, startTestEngine, type TestEngine } from '../helpers/engine.js';
import { CHROMIUM, hasChromium, launchChromium } from '../helpers/browser.js';
import { listen, type Listening } from '../helpers/http.js';

const SHOTS = path.join(PROJECT_ROOT, 'test', 'e2e', 'screenshots');
if (!hasChromium) console.warn(`e2e skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

describe.skipIf(!hasChromium)('no dead ends in a browser (chromium)', () => {
  let engine: TestEngine;
  let server: Listening;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    engine = await startTestEngine();
    await engine.ingest([SAMPLE_DIR]);
    server = await listen(engine.app());
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await engine?.stop();
  });

  async function open(): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, deviceScaleFactor: 1, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    return { page, errors };
  }

  it('typing offers phrases; ↓ ↓ Enter searches the second one', async () => {
    const { page, errors } = await open();
    await page.goto(server.base + '/');
    const box = page.locator('[data-search-box]');
    await box.click();
    await page.keyboard.type('党风廉政', { delay: 30 });
    const options = page.locator('#q-suggest [role="option"]');
    await expect.poll(() => options.count()).toBeGreaterThan(1);
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    const texts = await options.evaluateAll((els) => els.map((e) => e.getAttribute('data-suggestion')));
    expect(texts.every((t) => t!.startsWith('党风廉政'))).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'suggest-laptop.png') });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await box.getAttribute('aria-activedescendant')).toBe('q-suggest-1');
    expect(await options.nth(1).getAttribute('aria-selected')).toBe('true');
    await Promise.all([page.waitForURL(/[?&]q=/), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).searchParams.get('q')).toBe(texts[1]);
    expect(Number(await page.locator('[data-total]').textContent())).toBeGreaterThan(0);
    // Escape closes the list without leaving the box.
    await box.click();
    await box.fill('');
    await page.keyboard.type('三会', { delay: 30 });
    await expect.poll(() => options.count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    expect(await page.locator('#q-suggest').isHidden()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('a homophone slip offers its correction, and the link searches it', async () => {
    const { page, errors } = await open();
    await page.goto(server.base + '/?q=' + encodeURIComponent('三回一课'));
    const link = page.locator('[data-did-you-mean-link]');
    expect(await link.textContent()).toBe('三会一课');
    await page.screenshot({ path: path.join(SHOTS, 'did-you-mean-laptop.png') });
    await Promise.all([page.waitForURL(/q=%E4%B8%89%E4%BC%9A/), link.click()]);
    expect(new URL(page.url()).searchParams.get('q')).toBe('三会一课');
    expect(Number(await page.locator('[data-total]').textContent())).toBeGreaterThan(0);
    expect(await page.locator('[data-did-you-mean]').count()).toBe(0);
    expect(await page.locator('[data-partial-note]').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('near results say so and mark what each hit lacks', async () => {
    const { page, errors } = await open();
    await page.goto(server.base + '/?q=' + encodeURIComponent('党建引领 乡村振兴 合作社'));
    expect(await page.locator('[data-partial-note]').textContent()).toContain('没有同时包含全部词语的章节');
    const first = page.locator('[data-hit]').first();
    expect(await first.locator('[data-missing-words]').textContent()).toContain('合作社');
    await page.screenshot({ path: path.join(SHOTS, 'near-results-laptop.png'), fullPage: false });
    expect(errors).toEqual([]);
  });

  it('a part heading shows its part and opens the viewer at it', async () => {
    const { page, errors } = await open();
    await page.goto(server.base + '/?theme=' + encodeURIComponent('存在问题'));
    const part = page.locator('[data-hit]', { has: page.locator('[data-part-note]') }).first();
    expect(await part.locator('[data-part-note]').textContent()).toMatch(/含 \d+ 个小节/);
    expect((await part.locator('.snippet').textContent())!.length).toBeGreaterThan(20);
    await part.screenshot({ path: path.join(SHOTS, 'part-hit-laptop.png') });
    const href = (await part.locator('[data-hit-link]').getAttribute('href'))!;
    await part.locator('[data-hit-link]').click();
    await page.waitForURL(/\/documents\//);
    const id = href.split('#')[1]!;
    const top = await page.evaluate((anchor) => document.getElementById(anchor)!.getBoundingClientRect().top, id);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(300);
    expect(errors).toEqual([]);
  });
});
