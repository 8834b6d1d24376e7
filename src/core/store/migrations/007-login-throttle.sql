-- Login throttling as issue 17 has it (replaces 004's per-name and per-address counts): attempts are
-- counted before the password is checked, under three keys — the account-and-address pair (strict),
-- the address (an office behind one NAT shares it) and the account over a day (past its cap the
-- account is locked until an administrator unlocks it). Throttled attempts are aggregated into one
-- audit event per burst (login_refusals holds a burst's count until it ends).
DROP TABLE login_failures;
CREATE TABLE login_attempts (
  id   INTEGER PRIMARY KEY,
  key  TEXT NOT NULL,
  at   INTEGER NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts(key, at);
CREATE TABLE login_locks (
  name_key   TEXT PRIMARY KEY,
  locked_at  TEXT NOT NULL
);
CREATE TABLE login_refusals (
  key         TEXT PRIMARY KEY,
  started_at  INTEGER NOT NULL,
  count       INTEGER NOT NULL
);
