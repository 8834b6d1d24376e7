// Login throttling over a real SQLite file, with a clock the test moves.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/core/store/database.js';
import { LoginThrottle, throttleKeys } from '../../src/core/store/login-throttle.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dj-throttle-'));
  dirs.push(dir);
  let now = 1_000_000_000_000;
  const t = new LoginThrottle(openDatabase(dir), { now: () => now });
  return { t, tick: (ms: number) => (now += ms) };
}

describe('login-throttle', () => {
  it('blocks after 5 failures within 15 minutes until the oldest leaves the window', () => {
    const { t, tick } = setup();
    const keys = throttleKeys('Zhang', '10.0.0.1');
    for (let i = 0; i < 4; i++) {
      t.fail(keys);
      tick(60_000);
    }
    expect(t.retryAfter(keys)).toBe(0);
    t.fail(keys);
    // The first failure was 4 minutes ago: 11 minutes to wait.
    expect(t.retryAfter(keys)).toBe(11 * 60);
    tick(11 * 60_000 - 1000);
    expect(t.retryAfter(keys)).toBe(1);
    tick(1000);
    expect(t.retryAfter(keys)).toBe(0);
  });

  it('counts the name case-insensitively and the address separately; a success clears both', () => {
    const { t } = setup();
    for (let i = 0; i < 5; i++) t.fail(throttleKeys(i % 2 ? 'ZHANG' : 'zhang', `10.0.0.${i}`));
    expect(t.retryAfter(throttleKeys('Zhang', '10.9.9.9'))).toBeGreaterThan(0);
    expect(t.retryAfter(throttleKeys('li', '10.0.0.1'))).toBe(0);
    t.reset(throttleKeys('zhang', '10.0.0.1'));
    expect(t.retryAfter(throttleKeys('Zhang', '10.9.9.9'))).toBe(0);
  });

  it('forgets failures older than the window', () => {
    const { t, tick } = setup();
    const keys = throttleKeys('wang', '10.0.0.2');
    for (let i = 0; i < 4; i++) t.fail(keys);
    tick(15 * 60_000 + 1);
    t.fail(keys);
    expect(t.retryAfter(keys)).toBe(0);
  });
});
