-- Failed logins, for throttling: one row per failure and key ('user:<name>' or 'ip:<address>').
-- Rows older than the throttling window are deleted as new failures arrive.
CREATE TABLE login_failures (
  key  TEXT NOT NULL,
  at   INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);
