// Signing in, uploading and signing out in a real browser (chromium) against a portal with
// AUTH=local, a real engine and database. Screenshots of the login and upload pages go to
// test/e2e/screenshots/ (git-ignored) to look at.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/core/config.js';
import { AccountAdmin } from '../../src/core/store/account-admin.js';
import { AccountStore } from '../../src/core/store/accounts.js';
import { AuditLog } from '../../src/core/store/audit.js';
import { SessionTable } from '../../src/core/store/sessions.js';
import { SAMPLE_DIR, startTestEngine, type TestEngine } from '../helpers/engine.js';
import { PASSWORD, startPortal, type TestPortal } from '../helpers/portal.js';
import { hasChromium, launchChromium } from '../helpers/browser.js';

const SHOTS = path.join(PROJECT_ROOT, 'test', 'e2e', 'screenshots');

describe.skipIf(!hasChromium)('accounts and upload in a browser (chromium)', () => {
  let engine: TestEngine;
  let portal: TestPortal;
  let browser: Browser;
  let work: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    work = mkdtempSync(path.join(os.tmpdir(), 'dj-e2e-'));
    engine = await startTestEngine();
    await engine.ingest([SAMPLE_DIR]);
    portal = await startPortal(engine);
    await AccountAdmin.forDatabase(portal.db).add(
      '张编辑', 'editor', PASSWORD, { user: 'test', ip: null },
    );
    await AccountAdmin.forDatabase(portal.db).add(
      'root-admin', 'admin', PASSWORD, { user: 'test', ip: null },
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await engine?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('logs in, uploads a summary, finds it, and logs out', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, deviceScaleFactor: 1, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });

    // A page behind the boundary leads to the login form and back to it afterwards.
    await page.goto(portal.base + '/upload');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/upload');
    await page.locator('#username').fill('张编辑');
    await page.locator('#password').fill('wrong password');
    await Promise.all([page.waitForLoadState('load'), page.locator('.auth-form button[type="submit"]').click()]);
    expect(await page.locator('[data-login-error]').textContent()).toBe('用户名或密码不正确');
    await page.screenshot({ path: path.join(SHOTS, 'login.png') });

    await page.locator('#password').fill(PASSWORD);
    await Promise.all([page.waitForURL(/\/upload$/), page.locator('.auth-form button[type="submit"]').click()]);
    expect(await page.locator('[data-user]').getAttribute('data-user')).toBe('张编辑');

    const file = path.join(work, '某医院党委2024年上半年党建工作总结.txt');
    writeFileSync(
      file,
      '某医院党委2024年上半年党建工作总结\n一、强化理论武装\n党委中心组开展“医者仁心薪火相传”主题学习8次。\n二、存在的问题\n个别支部组织生活质量不高。\n',
    );
    await page.locator('#files').setInputFiles([file]);
    await page.screenshot({ path: path.join(SHOTS, 'upload-chosen.png') });
    await Promise.all([page.waitForURL(/\/upload/), page.locator('[data-upload-form] button[type="submit"]').click()]);
    const row = page.locator('[data-upload-results] tr[data-status="indexed"]');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('某医院党委2024年上半年党建工作总结.txt');
    await page.screenshot({ path: path.join(SHOTS, 'upload-done.png'), fullPage: true });

    // Found at once by its own wording, and it opens in the viewer.
    await page.locator('#header-q').fill('医者仁心薪火相传');
    await Promise.all([page.waitForURL(/\?q=/), page.locator('#header-q').press('Enter')]);
    await expect.poll(() => page.locator('article.hit').count()).toBe(1);
    await Promise.all([page.waitForURL(/\/documents\//), page.locator('[data-hit-link]').first().click()]);
    expect(await page.locator('.doc-title').textContent()).toContain('某医院党委2024年上半年党建工作总结');
    expect(await page.locator('[data-delete-doc]').count()).toBe(1);

    // On a phone the header with the account menu still fits.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(portal.base + '/upload');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'phone-upload.png') });

    await Promise.all([page.waitForURL(/\/login$/), page.locator('[data-logout]').click()]);
    await page.goto(portal.base + '/');
    expect(new URL(page.url()).pathname).toBe('/login');

    // The wrong password's answer is a 401, which the browser logs; nothing else may fail.
    expect(errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
    await context.close();
  });

  it('an administrator creates and removes an account and reads the audit trail', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, deviceScaleFactor: 1, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => void d.accept());
    await page.goto(portal.base + '/admin/accounts');
    await page.locator('#username').fill('root-admin');
    await page.locator('#password').fill(PASSWORD);
    await Promise.all([page.waitForURL(/\/admin\/accounts$/), page.locator('.auth-form button[type="submit"]').click()]);

    await page.locator('#new-name').fill('王读者');
    await page.locator('#new-role').selectOption('reader');
    await page.locator('#new-password').fill('reader password 1');
    await page.locator('#new-password2').fill('reader password 1');
    await Promise.all([page.waitForURL(/done=/), page.locator('.grid-form button[type="submit"]').click()]);
    expect(await page.locator('.notice').textContent()).toContain('已创建账号 王读者');
    expect(await page.locator('tr[data-account="王读者"]').count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'admin-accounts.png'), fullPage: true });
    // Removing asks first (accepted above).
    await Promise.all([page.waitForURL(/done=/), page.locator('tr[data-account="王读者"] .btn-danger').click()]);
    expect(await page.locator('tr[data-account="王读者"]').count()).toBe(0);

    await page.goto(portal.base + '/admin/audit');
    const actions = await page.locator('[data-audit] tr[data-action]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    for (const a of ['upload', 'login', 'login_failed', 'logout', 'account_create', 'account_remove']) expect(actions).toContain(a);
    await page.locator('select[name="action"]').selectOption('upload');
    await Promise.all([page.waitForURL(/action=upload/), page.locator('.filter-form button[type="submit"]').click()]);
    expect(await page.locator('[data-audit-total]').textContent()).toBe('1');
    expect(await page.locator('[data-csv]').getAttribute('href')).toBe('/admin/audit.csv?action=upload');
    await page.screenshot({ path: path.join(SHOTS, 'admin-audit.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});
