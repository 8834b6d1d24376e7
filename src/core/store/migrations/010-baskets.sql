-- 素材篮 of signed-in users (issue 10): one row per excerpt, in the user's order. user_id is the
-- accounts' user id (issue 9); no foreign key here so this range does not depend on that table's
-- name, and rows of a removed account are deleted by BasketStore.clear.
CREATE TABLE basket_items (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  section_id TEXT NOT NULL,
  quote TEXT,
  note TEXT NOT NULL DEFAULT '',
  added_at TEXT NOT NULL
);
CREATE INDEX basket_items_by_user ON basket_items (user_id, position);
