-- The audit trail: who did what, when, from where, to which document. Append-only: the triggers
-- refuse any UPDATE or DELETE, so not even the portal's own code can rewrite history.
CREATE TABLE audit_events (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  at      TEXT NOT NULL,
  user    TEXT,
  ip      TEXT,
  action  TEXT NOT NULL,
  doc_id  TEXT,
  detail  TEXT
);
CREATE INDEX audit_at ON audit_events(at);
CREATE INDEX audit_user ON audit_events(user COLLATE NOCASE, at);
CREATE INDEX audit_action ON audit_events(action, at);
CREATE INDEX audit_doc ON audit_events(doc_id, at);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;
