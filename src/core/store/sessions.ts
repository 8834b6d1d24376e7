// Server-side sessions (migration 002). The cookie carries a random id; rows are keyed by its
// sha256. A row past expires_at is gone: reads ignore it and writes sweep it.
import { createHash } from 'node:crypto';
import type { Db } from './database.js';

const keyOf = (sid: string) => createHash('sha256').update(sid).digest('hex');

export class SessionTable {
  private lastSweep = 0;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  get(sid: string): unknown | undefined {
    const row = this.db.prepare('SELECT data, expires_at FROM sessions WHERE id_hash = ?').get(keyOf(sid)) as
      | { data: string; expires_at: number }
      | undefined;
    if (!row || row.expires_at <= this.now()) return undefined;
    return JSON.parse(row.data);
  }

  set(sid: string, data: unknown, accountId: number | null, expiresAt: number): void {
    this.db
      .prepare(
        `INSERT INTO sessions (id_hash, account_id, data, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(id_hash) DO UPDATE SET account_id = excluded.account_id, data = excluded.data, expires_at = excluded.expires_at`,
      )
      .run(keyOf(sid), accountId, JSON.stringify(data), expiresAt);
    this.sweep();
  }

  touch(sid: string, expiresAt: number): void {
    this.db.prepare('UPDATE sessions SET expires_at = ? WHERE id_hash = ? AND expires_at > ?').run(expiresAt, keyOf(sid), this.now());
  }

  destroy(sid: string): void {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(keyOf(sid));
  }

  /** Ends every session of an account (a new password), except optionally the one in use. */
  destroyForAccount(accountId: number, exceptSid?: string): number {
    return this.db
      .prepare('DELETE FROM sessions WHERE account_id = ? AND id_hash != ?')
      .run(accountId, exceptSid ? keyOf(exceptSid) : '').changes;
  }

  /** For tests and operations: how many live sessions an account has. */
  countForAccount(accountId: number): number {
    return this.db.prepare('SELECT count(*) FROM sessions WHERE account_id = ? AND expires_at > ?').pluck().get(accountId, this.now()) as number;
  }

  /** Ages every session of an account (tests of the idle timeout; an admin forcing a sign-out). */
  expireForAccount(accountId: number): void {
    this.db.prepare('UPDATE sessions SET expires_at = ? WHERE account_id = ?').run(this.now() - 1, accountId);
  }

  private sweep(): void {
    const now = this.now();
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
  }
}
