// Login throttling (migration 004): at most `limit` failures per user name and per client
// address within `windowMs`; a success clears both. Kept in the database so a restart does not
// reset an attacker's count.
import type { Db } from './database.js';

export interface ThrottleOptions {
  limit?: number;
  windowMs?: number;
  now?: () => number;
}

export const throttleKeys = (userName: string, ip: string) => [`user:${userName.toLowerCase()}`, `ip:${ip}`];

export class LoginThrottle {
  readonly limit: number;
  readonly windowMs: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    opts: ThrottleOptions = {},
  ) {
    this.limit = opts.limit ?? 5;
    this.windowMs = opts.windowMs ?? 15 * 60_000;
    this.now = opts.now ?? Date.now;
  }

  /** Seconds until another attempt is allowed for these keys, or 0 when one is allowed now. */
  retryAfter(keys: string[]): number {
    const since = this.now() - this.windowMs;
    let wait = 0;
    for (const key of keys) {
      const times = this.db
        .prepare('SELECT at FROM login_failures WHERE key = ? AND at > ? ORDER BY at DESC LIMIT ?')
        .pluck()
        .all(key, since, this.limit) as number[];
      // Blocked until the oldest of the last `limit` failures leaves the window.
      if (times.length >= this.limit) wait = Math.max(wait, Math.ceil((times[this.limit - 1]! + this.windowMs - this.now()) / 1000));
    }
    return Math.max(wait, 0);
  }

  fail(keys: string[]): void {
    const now = this.now();
    const insert = this.db.prepare('INSERT INTO login_failures (key, at) VALUES (?, ?)');
    this.db.transaction(() => {
      for (const k of keys) insert.run(k, now);
      this.db.prepare('DELETE FROM login_failures WHERE at <= ?').run(now - this.windowMs);
    })();
  }

  reset(keys: string[]): void {
    const del = this.db.prepare('DELETE FROM login_failures WHERE key = ?');
    this.db.transaction(() => keys.forEach((k) => del.run(k)))();
  }
}
