// Login throttling over a real SQLite file, with a clock the test moves: the pair limit, the much
// higher address limit, the daily account cap and its lock, counting before verification, and a
// success that clears only its own pair.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/core/store/database.js';
import { LoginThrottle, type Attempt } from '../../src/core/store/login-throttle.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup(limits: Partial<ConstructorParameters<typeof LoginThrottle>[1]> = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dj-throttle-'));
  dirs.push(dir);
  let now = 1_000_000_000_000;
  const t = new LoginThrottle(openDatabase(dir), { now: () => now, ...limits });
  /** One failed attempt (counted before "verification", left counted). */
  const fail = (name: string, ip: string) => {
    const a = t.begin(name, ip);
    if (a.allowed) t.failed(name);
    return a;
  };
  return { t, fail, tick: (ms: number) => (now += ms) };
}

const refused = (a: Attempt) => !a.allowed;

describe('login-throttle', () => {
  it('blocks a pair after 5 failures within 15 minutes, until the oldest leaves the window', () => {
    const { t, fail, tick } = setup();
    for (let i = 0; i < 5; i++) {
      expect(refused(fail('Zhang', '10.0.0.1'))).toBe(false);
      tick(60_000);
    }
    const a = t.begin('zhang', '10.0.0.1');
    expect(a.allowed).toBe(false);
    // The first failure was 5 minutes ago: 10 minutes to wait.
    expect(!a.allowed && a.retryAfter).toBe(10 * 60);
    tick(10 * 60_000);
    expect(t.begin('ZHANG', '10.0.0.1').allowed).toBe(true);
  });

  it('a blocked pair blocks neither that account from another address nor other accounts from that address', () => {
    const { t, fail } = setup();
    for (let i = 0; i < 5; i++) fail('zhang', '10.0.0.1');
    expect(t.begin('zhang', '10.0.0.1').allowed).toBe(false);
    expect(t.begin('zhang', '10.0.0.2').allowed).toBe(true);
    expect(t.begin('li', '10.0.0.1').allowed).toBe(true);
  });

  it('blocks an address after 100 failures in the window, whatever the names', () => {
    const { t, fail } = setup();
    for (let i = 0; i < 100; i++) expect(refused(fail(`user${i % 30}`, '10.0.0.9'))).toBe(false);
    const a = t.begin('someone-new', '10.0.0.9');
    expect(a.allowed).toBe(false);
    expect(t.begin('someone-new', '10.0.0.10').allowed).toBe(true);
  });

  it('locks an account after 100 failures in a day from anywhere, until unlocked — the right password included', () => {
    const { t, fail, tick } = setup();
    let lockedAt = -1;
    for (let i = 0; i < 100; i++) {
      const a = t.begin('wang', `10.1.${i}.1`);
      expect(a.allowed).toBe(true);
      if (t.failed('wang') && lockedAt < 0) lockedAt = i;
      tick(60_000);
    }
    expect(lockedAt).toBe(99);
    const a = t.begin('Wang', '10.9.9.9');
    expect(a.allowed === false && a.locked).toBe(true);
    tick(2 * 24 * 3600_000);
    expect(t.begin('wang', '10.9.9.9').allowed).toBe(false); // a lock does not expire
    expect(t.unlock('WANG')).toBe(true);
    expect(t.begin('wang', '10.9.9.9').allowed).toBe(true);
    expect(fail('wang', '10.9.9.8').allowed).toBe(true); // counts start afresh
  });

  it('counts an attempt before it is verified: of 200 parallel guesses only 5 get through', () => {
    const { t } = setup();
    const attempts = Array.from({ length: 200 }, () => t.begin('zhao', '10.0.0.3'));
    expect(attempts.filter((a) => a.allowed)).toHaveLength(5);
    const first = attempts.filter((a) => !a.allowed);
    expect(first.filter((a) => !a.allowed && a.firstOfBurst)).toHaveLength(1);
    expect(t.endBurst(`pair:zhao|10.0.0.3`)).toBe(195);
  });

  it("a success takes back its own attempt and clears its pair only, not the address's or another pair's failures", () => {
    const { t, fail } = setup();
    for (let i = 0; i < 4; i++) fail('zhang', '10.0.0.1');
    for (let i = 0; i < 4; i++) fail('li', '10.0.0.1');
    const ok = t.begin('zhang', '10.0.0.1');
    expect(ok.allowed).toBe(true);
    if (ok.allowed) t.succeeded(ok.ticket);
    // zhang's pair starts afresh: five more failures before a block.
    for (let i = 0; i < 5; i++) expect(fail('zhang', '10.0.0.1').allowed).toBe(true);
    // li's pair still has its four.
    expect(fail('li', '10.0.0.1').allowed).toBe(true);
    expect(t.begin('li', '10.0.0.1').allowed).toBe(false);
  });

  it('forgets failures older than the window', () => {
    const { t, fail, tick } = setup();
    for (let i = 0; i < 5; i++) fail('wu', '10.0.0.2');
    expect(t.begin('wu', '10.0.0.2').allowed).toBe(false);
    tick(15 * 60_000 + 1);
    expect(t.begin('wu', '10.0.0.2').allowed).toBe(true);
  });
});
