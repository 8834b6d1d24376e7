-- Accounts of the portal (AUTH=local and AUTH=proxy). Names compare case-insensitively, so
-- "Zhang" and "zhang" cannot be two accounts. password_hash is NULL for accounts created by the
-- single sign-on gateway (AUTH=proxy), which never log in with a password.
CREATE TABLE accounts (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role          TEXT NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
  password_hash TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

-- Secrets the portal generates once (the session cookie's signing key): kept in the database so a
-- backup of DATA_DIR restores them too.
CREATE TABLE secrets (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
