// Secrets the portal makes itself (migration 001): created once, random, kept in the database so
// that a backup of DATA_DIR restores them with the sessions they sign.
import { randomBytes } from 'node:crypto';
import type { Db } from './database.js';

export function secret(db: Db, name: string): string {
  db.prepare('INSERT OR IGNORE INTO secrets (name, value) VALUES (?, ?)').run(name, randomBytes(32).toString('hex'));
  return db.prepare('SELECT value FROM secrets WHERE name = ?').pluck().get(name) as string;
}
