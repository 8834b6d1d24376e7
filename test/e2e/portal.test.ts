// The portal in a real browser: search → facet → hit → viewer at the section, on a laptop and a
// phone, with screenshots in test/e2e/screenshots/ (git-ignored) to look at.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/core/config.js';
import { FIXTURES_DIR, SAMPLE_DIR, startTestEngine, type TestEngine } from '../helpers/engine.js';
import { CHROMIUM, hasChromium, launchChromium } from '../helpers/browser.js';
import { listen, type Listening } from '../helpers/http.js';

const SHOTS = path.join(PROJECT_ROOT, 'test', 'e2e', 'screenshots');
if (!hasChromium) console.warn(`e2e skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

const LAPTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

describe.skipIf(!hasChromium)('portal in a browser (chromium)', () => {
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

  async function open(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'zh-CN' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    return { context, page, errors };
  }

  /** The hit link's target section must be the :target, inside the viewport, with a mark in it. */
  async function expectAtSection(page: Page, sectionId: string) {
    expect(await page.evaluate(() => location.hash)).toBe(`#section-${sectionId}`);
    const state = await page.evaluate((id) => {
      const el = document.getElementById(`section-${id}`)!;
      const r = el.getBoundingClientRect();
      const bar = document.querySelector('[data-find-bar]')!.getBoundingClientRect();
      return {
        top: r.top,
        bottom: r.bottom,
        barBottom: bar.bottom,
        innerHeight: window.innerHeight,
        isTarget: el.matches(':target'),
        marks: el.querySelectorAll('mark').length,
        background: getComputedStyle(el).backgroundColor,
      };
    }, sectionId);
    expect(state.isTarget).toBe(true);
    expect(state.marks).toBeGreaterThan(0);
    // Visible: starts below the sticky find bar and above the bottom of the window.
    expect(state.top).toBeGreaterThanOrEqual(state.barBottom - 1);
    expect(state.top).toBeLessThan(state.innerHeight - 100);
    // Highlighted by :target (not the transparent default).
    expect(state.background).not.toBe('rgba(0, 0, 0, 0)');
  }

  it('laptop: search, filter by a facet, open a hit at its section, step through matches, copy', async () => {
    const { context, page, errors } = await open(LAPTOP);
    await page.goto(base + '/');
    await expect.poll(() => page.locator('.doc-list li').count()).toBe(5);
    await page.screenshot({ path: path.join(SHOTS, 'laptop-landing.png') });

    // `/` focuses the search box.
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');

    await page.locator('#q').fill('党费');
    await Promise.all([page.waitForURL(/\?q=/), page.locator('#q').press('Enter')]);
    expect(new URL(page.url()).searchParams.get('q')).toBe('党费');
    await expect.poll(() => page.locator('article.hit').count()).toBe(3);
    expect(await page.locator('[data-total]').textContent()).toBe('3');
    expect(await page.locator('article.hit .snippet mark').first().textContent()).toBe('党费');
    // Facets sit beside the results, open, without a toggle.
    expect(await page.locator('.filters-summary').isVisible()).toBe(false);
    expect(await page.locator('a[data-facet="period"][data-value="上半年"]').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'laptop-results.png') });

    await Promise.all([page.waitForURL(/period=/), page.locator('a[data-facet="period"][data-value="上半年"]').click()]);
    await expect.poll(() => page.locator('article.hit').count()).toBe(2);
    expect(await page.locator('a.chip').textContent()).toContain('上半年');
    expect(await page.locator('a[data-facet="period"][data-value="上半年"]').getAttribute('class')).toContain('is-selected');
    await page.screenshot({ path: path.join(SHOTS, 'laptop-filtered.png') });

    // j moves to the first hit; the copy button copies the section text.
    await page.locator('body').click({ position: { x: 5, y: 600 } });
    await page.keyboard.press('j');
    expect(await page.locator('article.hit.is-current').count()).toBe(1);
    const firstHit = page.locator('article.hit').first();
    const text = await firstHit.locator('[data-copy]').getAttribute('data-copy');
    await firstHit.locator('[data-copy]').click();
    await expect.poll(() => firstHit.locator('[data-copy]').textContent()).toBe('已复制');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);

    const link = firstHit.locator('[data-hit-link]');
    const href = (await link.getAttribute('href'))!;
    const sectionId = href.split('#section-')[1]!;
    await Promise.all([page.waitForURL(/\/documents\//), link.click()]);
    await page.waitForLoadState('load');
    await expectAtSection(page, sectionId);
    // The counter starts at the first match of that section.
    const pos = await page.locator('[data-match-pos]').textContent();
    expect(pos).toMatch(/^\d+ \/ \d+$/);
    const [at, total] = pos!.split(' / ').map(Number) as [number, number];
    expect(await page.locator(`#section-${sectionId} mark`).first().getAttribute('class')).toBe('is-current');
    await page.screenshot({ path: path.join(SHOTS, 'laptop-viewer.png') });

    // Next match: the counter moves and the mark becomes current and visible.
    await page.locator('[data-match-next]').click();
    const expected = (at % total) + 1;
    expect(await page.locator('[data-match-pos]').textContent()).toBe(`${expected} / ${total}`);
    const current = page.locator('[data-doc-body] mark.is-current');
    expect(await current.count()).toBe(1);
    expect(await current.isVisible()).toBe(true);

    // Back to the results keeps the filters.
    await Promise.all([page.waitForURL(/period=/), page.locator('[data-back]').click()]);
    expect(await page.locator('a.chip').count()).toBe(1);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('phone: facets fold away, the hit opens at its section below the find bar', async () => {
    const { context, page, errors } = await open(PHONE);
    await page.goto(base + '/?q=' + encodeURIComponent('党费'));
    await expect.poll(() => page.locator('article.hit').count()).toBe(3);
    // Folded: the summary shows, the values do not until it is opened.
    expect(await page.locator('.filters-summary').isVisible()).toBe(true);
    expect(await page.locator('a[data-facet="year"]').first().isVisible()).toBe(false);
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'phone-results.png') });

    await page.locator('.filters-summary').click();
    expect(await page.locator('a[data-facet="year"]').first().isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'phone-facets-open.png') });
    await Promise.all([page.waitForURL(/year=2023/), page.locator('a[data-facet="year"][data-value="2023"]').click()]);
    await expect.poll(() => page.locator('article.hit').count()).toBe(3);

    const link = page.locator('article.hit [data-hit-link]').first();
    const sectionId = (await link.getAttribute('href'))!.split('#section-')[1]!;
    await Promise.all([page.waitForURL(/\/documents\//), link.click()]);
    await page.waitForLoadState('load');
    await expectAtSection(page, sectionId);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'phone-viewer.png') });

    // The table of contents is folded on a phone too.
    expect(await page.locator('.toc-list').isVisible()).toBe(false);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('works without JavaScript: forms, facet links and the viewer; JS-only controls stay hidden', async () => {
    const context = await browser.newContext({ viewport: LAPTOP, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(base + '/');
    await page.locator('#q').fill('党费');
    await page.locator('input[name="mode"][value="exact"]').check();
    await Promise.all([page.waitForURL(/mode=exact/), page.locator('.search-form button[type="submit"]').click()]);
    expect(await page.locator('article.hit').count()).toBe(3);
    // The facet panel is open on a wide screen by CSS alone.
    expect(await page.locator('a[data-facet="period"][data-value="下半年"]').isVisible()).toBe(true);
    await Promise.all([page.waitForURL(/period=/), page.locator('a[data-facet="period"][data-value="下半年"]').click()]);
    expect(await page.locator('article.hit').count()).toBe(1);
    expect(await page.locator('[data-copy]').first().isVisible()).toBe(false);

    await Promise.all([page.waitForURL(/\/documents\//), page.locator('[data-hit-link]').first().click()]);
    expect(await page.locator('.match-summary').textContent()).toMatch(/共 \d+ 处/);
    expect(await page.locator('[data-match-nav]').isVisible()).toBe(false);
    expect(await page.locator('.sec:target .sec-count').textContent()).toMatch(/^本节 \d+ 处$/);
    await context.close();
  });

  it('error pages render in the browser without script errors', async () => {
    const { context, page, errors } = await open(LAPTOP);
    const res = await page.goto(base + '/documents/0123456789abcdef');
    expect(res?.status()).toBe(404);
    expect(await page.locator('.error-status').textContent()).toBe('404');
    await page.screenshot({ path: path.join(SHOTS, 'laptop-404.png') });
    // The 404 document itself is the only console error (the browser reports the status).
    expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
    await context.close();
  });

  // Last: it adds the debris fixtures (other sites' files) to the index the tests above counted.
  it('files from other sites: a truncated source says so on the hit and in the viewer; a compilation links its parts', async () => {
    await engine.ingest([path.join(FIXTURES_DIR, 'debris')]);
    const { context, page, errors } = await open(LAPTOP);
    await page.goto(`${base}/?q=${encodeURIComponent('实际行动结合门诊')}&mode=exact`);
    expect(await page.locator('[data-hit] [data-truncated]').first().textContent()).toContain('原文缺失约 1635 字');
    await page.screenshot({ path: path.join(SHOTS, 'laptop-truncated-hit.png') });
    await page.locator('[data-hit-link]').first().click();
    await page.waitForURL(/\/documents\//);
    expect(await page.locator('.doc-header [data-truncated]').textContent()).toContain('原文缺失约 1635 字');
    await page.screenshot({ path: path.join(SHOTS, 'laptop-truncated-viewer.png') });

    await page.goto(`${base}/?q=${encodeURIComponent('___镇')}&mode=exact`);
    await page.locator('[data-hit-link]').first().click();
    await page.waitForURL(/\/documents\//);
    const nav = page.locator('[data-compilation]');
    expect(await nav.textContent()).toContain('第 2 篇（共 3 篇');
    await page.screenshot({ path: path.join(SHOTS, 'laptop-compilation-part.png') });
    await nav.getByRole('link', { name: '第 1 篇' }).click();
    await page.waitForURL(/\/documents\//);
    expect(await page.locator('h1.doc-title').textContent()).toBe('XX社区党委2023年上半年党建工作总结');
    expect(errors).toEqual([]);
    await context.close();
  });
});
