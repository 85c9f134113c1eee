-- Web console sessions (issue 12), the counterpart of ../../sqlite/migrations/0009_console_sessions.sql.
CREATE TABLE console_sessions (
  session_hash text COLLATE "C" PRIMARY KEY,
  actor        text NOT NULL,
  csrf_token   text NOT NULL,
  created_at   bigint NOT NULL,
  expires_at   bigint NOT NULL
);
CREATE INDEX ix_console_sessions_expiry ON console_sessions (expires_at);
