// 素材篮 of signed-in users in the portal's database (migration 010-baskets.sql). The basket is
// small and edited as a whole (reorder, remove, note), so it is read and replaced as a list.
import type { Db } from './database.js';

export interface BasketItem {
  sectionId: string;
  /** A passage of the section's text; absent = the whole section. */
  quote?: string;
  note: string;
  addedAt: string;
}

interface Row {
  section_id: string;
  quote: string | null;
  note: string;
  added_at: string;
}

export class BasketStore {
  constructor(private readonly db: Db) {}

  list(userId: number): BasketItem[] {
    const rows = this.db
      .prepare('SELECT section_id, quote, note, added_at FROM basket_items WHERE user_id = ? ORDER BY position')
      .all(userId) as Row[];
    return rows.map((r) => ({ sectionId: r.section_id, ...(r.quote !== null ? { quote: r.quote } : {}), note: r.note, addedAt: r.added_at }));
  }

  /** Replaces the user's basket with these items, in this order (one transaction). */
  replace(userId: number, items: BasketItem[]): void {
    const del = this.db.prepare('DELETE FROM basket_items WHERE user_id = ?');
    const ins = this.db.prepare(
      'INSERT INTO basket_items (user_id, position, section_id, quote, note, added_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      del.run(userId);
      items.forEach((it, i) => ins.run(userId, i, it.sectionId, it.quote ?? null, it.note, it.addedAt));
    })();
  }

  /** Appends one item; returns the basket. */
  add(userId: number, item: BasketItem): BasketItem[] {
    this.db
      .prepare(
        `INSERT INTO basket_items (user_id, position, section_id, quote, note, added_at)
         VALUES (?, COALESCE((SELECT MAX(position) + 1 FROM basket_items WHERE user_id = ?), 0), ?, ?, ?, ?)`,
      )
      .run(userId, userId, item.sectionId, item.quote ?? null, item.note, item.addedAt);
    return this.list(userId);
  }

  clear(userId: number): void {
    this.db.prepare('DELETE FROM basket_items WHERE user_id = ?').run(userId);
  }
}
