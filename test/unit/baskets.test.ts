// baskets: a signed-in user's 素材篮 in a real SQLite file (migration 010): order, replace, append, isolation.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BasketStore } from '../../src/core/store/baskets.js';
import { openDatabase } from '../../src/core/store/database.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'dj-basket-'));
const db = openDatabase(dir);
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('BasketStore', () => {
  const store = new BasketStore(db);
  const item = (n: number, quote?: string) => ({ sectionId: `0123456789abcdef-000${n}`, ...(quote ? { quote } : {}), note: '', addedAt: `2026-01-0${n}T00:00:00.000Z` });

  it('appends in order, replaces as a whole, keeps users apart', () => {
    store.add(1, item(1));
    store.add(1, item(2, '一段原文'));
    store.add(2, item(3));
    expect(store.list(1).map((i) => i.sectionId)).toEqual([item(1).sectionId, item(2).sectionId]);
    expect(store.list(1)[1]).toEqual(item(2, '一段原文'));
    store.replace(1, [{ ...item(2, '一段原文'), note: '改' }, item(1)]);
    expect(store.list(1).map((i) => [i.sectionId, i.note])).toEqual([[item(2).sectionId, '改'], [item(1).sectionId, '']]);
    store.add(1, item(4));
    expect(store.list(1)).toHaveLength(3);
    expect(store.list(2)).toEqual([item(3)]);
    store.clear(1);
    expect(store.list(1)).toEqual([]);
    expect(store.list(2)).toHaveLength(1);
  });
});
