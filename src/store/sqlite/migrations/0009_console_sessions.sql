-- Web console sessions (issue 12): one row per signed-in browser. The session id lives only in
-- the browser's cookie; the store keeps its SHA-256, so a copy of the database signs nobody in.
-- `csrf_token` is the synchronizer token every state-changing form of the session carries.
-- `expires_at` is wall-clock time (not the sandbox clock: advancing it must not sign anyone out).
CREATE TABLE console_sessions (
  session_hash TEXT PRIMARY KEY,
  actor        TEXT NOT NULL,
  csrf_token   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX ix_console_sessions_expiry ON console_sessions (expires_at);
