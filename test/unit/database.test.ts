// The migration runner: each migration once, in order, in a transaction; a newer database is refused.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, readMigrations, type Migration } from '../../src/core/store/database.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'dj-db-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

// openDatabase applies the shipped migrations; the test ones come after them (9xx), as a later version's would.
const shipped = () => readMigrations();

describe('database migrations', () => {
  it('applies pending migrations once, in name order, and records them', () => {
    const db = openDatabase(tmp());
    const ms: Migration[] = [
      ...shipped(),
      { name: '902-b.sql', sql: 'CREATE TABLE b (x INTEGER);' },
      { name: '901-a.sql', sql: 'CREATE TABLE a (x INTEGER);' },
    ].sort((p, q) => p.name.localeCompare(q.name));
    expect(migrate(db, ms)).toEqual(['901-a.sql', '902-b.sql']);
    expect(migrate(db, ms)).toEqual([]);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['a', 'b', 'migrations']));
    db.close();
  });

  it('rolls back a failing migration whole, so it can be fixed and applied again', () => {
    const db = openDatabase(tmp());
    const bad: Migration[] = [...shipped(), { name: '901-bad.sql', sql: 'CREATE TABLE c (x INTEGER); INSERT INTO nowhere VALUES (1);' }];
    expect(() => migrate(db, bad)).toThrow(/nowhere/);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'c'").pluck().get()).toBe(0);
    expect(migrate(db, [...shipped(), { name: '901-bad.sql', sql: 'CREATE TABLE c (x INTEGER);' }])).toEqual(['901-bad.sql']);
    db.close();
  });

  it('refuses a database that a newer version migrated further', () => {
    const db = openDatabase(tmp());
    migrate(db, [...shipped(), { name: '999-future.sql', sql: 'CREATE TABLE f (x INTEGER);' }]);
    expect(() => migrate(db, shipped())).toThrow(/不认识的迁移（999-future\.sql）/);
    db.close();
  });

  it('ships only well-named migration files', () => {
    for (const m of readMigrations()) expect(m.name).toMatch(/^\d{3}-[a-z0-9-]+\.sql$/);
  });
});
