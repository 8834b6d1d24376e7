// Issue 17, point 7: the compose set-up without a TLS proxy serves plain http under a host name.
// Browsers exempt 127.0.0.1 from upgrade-insecure-requests, so this test reaches the portal as
// http://portal.test:<port> (Chromium's --host-resolver-rules) and signs in: the CSS and scripts
// load over http, the login form posts, no request is sent to https.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountAdmin } from '../../src/core/store/account-admin.js';
import { hasChromium, launchChromium } from '../helpers/browser.js';
import { SAMPLE_DIR, startTestEngine, type TestEngine } from '../helpers/engine.js';
import { PASSWORD, startPortal, type TestPortal } from '../helpers/portal.js';

describe.skipIf(!hasChromium)('signing in over plain http under a host name (chromium)', () => {
  let engine: TestEngine;
  let portal: TestPortal;
  let browser: Browser;

  beforeAll(async () => {
    engine = await startTestEngine();
    await engine.ingest([SAMPLE_DIR]);
    portal = await startPortal(engine);
    await AccountAdmin.forDatabase(portal.db).add('王读者', 'reader', PASSWORD, { user: 'test', ip: null });
    browser = await launchChromium(['--host-resolver-rules=MAP portal.test 127.0.0.1']);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await engine?.stop();
  });

  it('loads the login page with its styles and signs in', async () => {
    const port = new URL(portal.base).port;
    const base = `http://portal.test:${port}`;
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const problems: string[] = [];
    const requested: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('request', (r) => requested.push(r.url()));
    page.on('requestfailed', (r) => problems.push(`${r.url()} ${r.failure()?.errorText}`));

    await page.goto(`${base}/login`);
    expect(new URL(page.url()).protocol).toBe('http:');
    // The stylesheet arrived and applies (an unstyled page has the UA default margin of 8px).
    const margin = await page.evaluate(() => getComputedStyle(document.body).margin);
    expect(margin).not.toBe('8px');
    expect(await page.evaluate(() => document.styleSheets.length)).toBeGreaterThan(0);

    await page.fill('input[name="username"]', '王读者');
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('button[type="submit"]')]);
    expect(new URL(page.url()).host).toBe(`portal.test:${port}`);
    expect(await page.locator('body').innerText()).toContain('王读者');
    expect(problems).toEqual([]);
    expect(requested.filter((u) => u.startsWith('https:'))).toEqual([]);
    await context.close();
  });
});
