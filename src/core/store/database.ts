// The portal's own embedded database (accounts, sessions, audit trail, baskets): SQLite through
// better-sqlite3, one file under DATA_DIR, schema changes as numbered SQL migrations.
//
// Migrations are the files in ./migrations named NNN-what.sql, applied in name order, each once
// and inside a transaction; the names applied are kept in the table `migrations`. A feature adds
// its own file; an applied file is never edited (add a new one instead).
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type Db = Database.Database;

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
export const DATABASE_FILE = 'portal.sqlite';
const MIGRATION_NAME = /^\d{3}-[a-z0-9-]+\.sql$/;

export interface Migration {
  name: string;
  sql: string;
}

export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((name) => {
      if (!MIGRATION_NAME.test(name)) throw new Error(`migration file name ${name} must look like 001-what.sql`);
      return { name, sql: readFileSync(path.join(dir, name), 'utf8') };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Applies the migrations not applied yet; returns their names. */
export function migrate(db: Db, migrations: Migration[] = readMigrations()): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare('SELECT name FROM migrations').pluck().all() as string[]);
  const known = new Set(migrations.map((m) => m.name));
  const unknown = [...applied].filter((n) => !known.has(n));
  // A database written by a newer version of the portal: refuse rather than run on a schema we do not know.
  if (unknown.length > 0) {
    throw new Error(`数据库 ${db.name} 含有本版本不认识的迁移（${unknown.join(', ')}）：请使用更新的版本`);
  }
  const done: string[] = [];
  for (const m of migrations) {
    if (applied.has(m.name)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO migrations (name, applied_at) VALUES (?, ?)').run(m.name, new Date().toISOString());
    })();
    done.push(m.name);
  }
  return done;
}

/** Opens (creating if needed) DATA_DIR/portal.sqlite and brings its schema up to date. */
export function openDatabase(dataDir: string, opts: { readonly?: boolean } = {}): Db {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, DATABASE_FILE);
  const db = new Database(file, { readonly: opts.readonly ?? false });
  // WAL: readers (the portal) never wait for the writer (a CLI changing accounts) and vice versa.
  if (!opts.readonly) db.pragma('journal_mode = WAL');
  // Password hashes and the session secret: for the portal's user only (the WAL holds the same pages).
  if (!opts.readonly) for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (!opts.readonly) migrate(db);
  return db;
}
