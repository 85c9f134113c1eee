-- Callback configuration: the HMAC secret, sealed (AES-256-GCM), never stored in clear.
CREATE TABLE callback_configurations (
  project_id    TEXT PRIMARY KEY REFERENCES projects (project_id),
  sealed_secret TEXT NOT NULL,
  updated_at    INTEGER NOT NULL
) WITHOUT ROWID;

-- Sandbox delivery faults a project opted into (JSON: duplicate, outOfOrder, wrongSignature, delaySeconds).
CREATE TABLE callback_faults (
  project_id TEXT PRIMARY KEY,
  faults     TEXT NOT NULL
) WITHOUT ROWID;

-- The outbox: one row per event, its body serialized once; delivery jobs refer to it.
CREATE TABLE callback_events (
  event_id      TEXT PRIMARY KEY,
  project_id    TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id   TEXT NOT NULL,
  event_type    TEXT NOT NULL,
  status        TEXT NOT NULL,
  url           TEXT NOT NULL,
  body          TEXT NOT NULL,
  state         TEXT NOT NULL DEFAULT 'PENDING',
  attempts      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX ix_events_project ON callback_events (project_id, created_at, event_id);
CREATE INDEX ix_events_resource ON callback_events (resource_id, created_at, event_id);

-- Every delivery attempt, as sent and as answered.
CREATE TABLE callback_attempts (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id        TEXT NOT NULL REFERENCES callback_events (event_id),
  attempt         INTEGER NOT NULL,
  attempted_at    INTEGER NOT NULL,
  request_headers TEXT NOT NULL,
  request_body    TEXT NOT NULL,
  response_status INTEGER,
  latency_ms      INTEGER NOT NULL,
  error           TEXT NOT NULL
);
CREATE INDEX ix_attempts_event ON callback_attempts (event_id, id);

CREATE TABLE emergency_addresses (
  phone_number TEXT PRIMARY KEY,
  project_id   TEXT NOT NULL,
  display_name TEXT NOT NULL,
  address      TEXT NOT NULL,
  updated_at   INTEGER NOT NULL
) WITHOUT ROWID;
