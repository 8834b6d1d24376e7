-- Server-side sessions. The cookie holds a random id; the table keys on its sha256, so a copy of
-- the database does not hand out live sessions. expires_at moves forward on every request (idle
-- timeout); removing an account removes its sessions.
CREATE TABLE sessions (
  id_hash      TEXT PRIMARY KEY,
  account_id   INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
  data         TEXT NOT NULL,
  expires_at   INTEGER NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);
CREATE INDEX sessions_expires ON sessions(expires_at);
