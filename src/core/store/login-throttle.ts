// Login throttling (migration 007), as well-kept products do it: a strict limit per account-and-
// address pair (someone guessing one account from one place), a much higher one per address (an
// office shares one NAT address, and one colleague's typos must not lock the others out), and a
// daily cap per account (NIST 800-63B: at most 100 failures) after which the account stays locked
// until an administrator unlocks it. An attempt is counted before its password is verified, in one
// transaction with the check, so parallel guesses cannot all be verified before any is counted;
// a success takes back its own attempt and clears only its own pair. Kept in the database, so a
// restart does not reset an attacker's count.
import type { Db } from './database.js';

export interface ThrottleLimits {
  /** Failures per account-and-address pair within the window. */
  pair: number;
  /** Failures per address within the window, whatever the names. */
  address: number;
  windowMs: number;
  /** Failures per account within a day, from anywhere: then locked until unlocked. */
  accountDaily: number;
}

export const THROTTLE_LIMITS: ThrottleLimits = { pair: 5, address: 100, windowMs: 15 * 60_000, accountDaily: 100 };

const DAY_MS = 24 * 3600_000;

/** The one key of a user name for throttling and locks: trimmed, NFKC, case-folded. */
export const nameKey = (name: string) => name.trim().normalize('NFKC').toLowerCase();

export type Attempt =
  | { allowed: true; ticket: AttemptTicket }
  | { allowed: false; locked: boolean; retryAfter: number; refusalKey: string; firstOfBurst: boolean };

export interface AttemptTicket {
  pairKey: string;
  ids: number[];
}

export class LoginThrottle {
  readonly limits: ThrottleLimits;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    opts: Partial<ThrottleLimits> & { now?: () => number } = {},
  ) {
    const { now, ...limits } = opts;
    this.limits = { ...THROTTLE_LIMITS, ...limits };
    this.now = now ?? Date.now;
  }

  /**
   * Checks and counts one attempt atomically. Allowed: the attempt is already counted as a failure
   * under all three keys (succeeded() takes it back). Refused: why, and whether it starts a burst.
   */
  begin(name: string, ip: string): Attempt {
    return this.db.transaction((): Attempt => {
      const now = this.now();
      const user = nameKey(name);
      const keys = { pair: `pair:${user}|${ip}`, address: `ip:${ip}`, account: `acct:${user}` };
      const refuse = (refusalKey: string, locked: boolean, retryAfter: number): Attempt => ({
        allowed: false,
        locked,
        retryAfter,
        refusalKey,
        firstOfBurst: this.noteRefusal(refusalKey, now),
      });
      if (this.isLocked(name)) return refuse(`lock:${user}`, true, 3600);
      const pairWait = this.wait(keys.pair, this.limits.pair, this.limits.windowMs, now);
      if (pairWait > 0) return refuse(keys.pair, false, pairWait);
      const addressWait = this.wait(keys.address, this.limits.address, this.limits.windowMs, now);
      if (addressWait > 0) return refuse(keys.address, false, addressWait);
      const insert = this.db.prepare('INSERT INTO login_attempts (key, at) VALUES (?, ?)');
      const ids = [keys.pair, keys.address, keys.account].map((k) => Number(insert.run(k, now).lastInsertRowid));
      this.db.prepare('DELETE FROM login_attempts WHERE at <= ?').run(now - DAY_MS);
      return { allowed: true, ticket: { pairKey: keys.pair, ids } };
    }).immediate();
  }

  /** The password was right: this attempt was no failure, and the pair starts afresh (the address and account counts stay). */
  succeeded(ticket: AttemptTicket): void {
    const del = this.db.prepare('DELETE FROM login_attempts WHERE id = ?');
    this.db.transaction(() => {
      ticket.ids.forEach((id) => del.run(id));
      this.db.prepare('DELETE FROM login_attempts WHERE key = ?').run(ticket.pairKey);
    })();
  }

  /** The password was wrong (the attempt stays counted): past the daily cap the account is locked. Returns whether it just was. */
  failed(name: string): boolean {
    const user = nameKey(name);
    const n = this.db.prepare('SELECT COUNT(*) FROM login_attempts WHERE key = ? AND at > ?').pluck().get(`acct:${user}`, this.now() - DAY_MS) as number;
    if (n < this.limits.accountDaily) return false;
    return this.db.prepare('INSERT OR IGNORE INTO login_locks (name_key, locked_at) VALUES (?, ?)').run(user, new Date(this.now()).toISOString()).changes > 0;
  }

  isLocked(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM login_locks WHERE name_key = ?').get(nameKey(name)) !== undefined;
  }

  /** An administrator's unlock (or a new password): the lock and every count of the account go. Returns whether it was locked. */
  unlock(name: string): boolean {
    const user = nameKey(name);
    return this.db.transaction(() => {
      const was = this.db.prepare('DELETE FROM login_locks WHERE name_key = ?').run(user).changes > 0;
      this.db.prepare('DELETE FROM login_attempts WHERE key = ? OR key LIKE ? ESCAPE ?').run(`acct:${user}`, `pair:${escapeLike(user)}|%`, '\\');
      this.db.prepare('DELETE FROM login_refusals WHERE key = ?').run(`lock:${user}`);
      return was;
    })();
  }

  /** A burst of refusals under `key` ends (an attempt there is allowed again): how many it held, if any. */
  endBurst(key: string): number | null {
    const row = this.db.prepare('DELETE FROM login_refusals WHERE key = ? RETURNING count').get(key) as { count: number } | undefined;
    return row ? row.count : null;
  }

  /** Bursts that may have ended, for an allowed attempt of this name and address. */
  burstKeys(name: string, ip: string): string[] {
    const user = nameKey(name);
    return [`pair:${user}|${ip}`, `ip:${ip}`, `lock:${user}`];
  }

  /** Seconds until the oldest of the last `limit` attempts under `key` leaves the window; 0 if under the limit. */
  private wait(key: string, limit: number, windowMs: number, now: number): number {
    const times = this.db
      .prepare('SELECT at FROM login_attempts WHERE key = ? AND at > ? ORDER BY at DESC LIMIT ?')
      .pluck()
      .all(key, now - windowMs, limit) as number[];
    if (times.length < limit) return 0;
    return Math.max(1, Math.ceil((times[limit - 1]! + windowMs - now) / 1000));
  }

  /** Counts a refusal in its burst; true when it is the first of the burst. */
  private noteRefusal(key: string, now: number): boolean {
    const r = this.db
      .prepare('INSERT INTO login_refusals (key, started_at, count) VALUES (?, ?, 1) ON CONFLICT(key) DO UPDATE SET count = count + 1 RETURNING count')
      .get(key, now) as { count: number };
    return r.count === 1;
  }
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
