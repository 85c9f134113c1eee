-- Callbacks and emergency addresses, the counterpart of ../../sqlite/migrations/0002_callbacks_emergency.sql.
-- Times are epoch milliseconds (bigint). Structured values that are only stored and read back
-- whole (request headers, fault switches, addresses) are `json`, not `jsonb`: json keeps the
-- text as written, so keys come back in the order they were stored, as in SQLite.

-- Callback configuration: the HMAC secret, sealed (AES-256-GCM), never stored in clear.
CREATE TABLE callback_configurations (
  project_id    text PRIMARY KEY REFERENCES projects (project_id),
  sealed_secret text NOT NULL,
  updated_at    bigint NOT NULL
);

-- Sandbox delivery faults a project opted into (duplicate, outOfOrder, wrongSignature, delaySeconds).
CREATE TABLE callback_faults (
  project_id text PRIMARY KEY,
  faults     json NOT NULL
);

-- The outbox: one row per event, its body serialized once; delivery jobs refer to it. `body`
-- stays text: its exact characters are what is sent and signed on every attempt.
CREATE TABLE callback_events (
  event_id      text COLLATE "C" PRIMARY KEY,
  project_id    text NOT NULL,
  resource_type text NOT NULL,
  resource_id   text NOT NULL,
  event_type    text NOT NULL,
  status        text NOT NULL,
  url           text NOT NULL,
  body          text NOT NULL,
  state         text NOT NULL DEFAULT 'PENDING',
  attempts      integer NOT NULL DEFAULT 0,
  created_at    bigint NOT NULL,
  updated_at    bigint NOT NULL
);
-- Listings are newest first (created_at DESC, event_id DESC): backward scans of these.
CREATE INDEX ix_events_project ON callback_events (project_id, created_at, event_id);
CREATE INDEX ix_events_resource ON callback_events (resource_id, created_at, event_id);

-- Every delivery attempt, as sent and as answered.
CREATE TABLE callback_attempts (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id        text COLLATE "C" NOT NULL REFERENCES callback_events (event_id),
  attempt         integer NOT NULL,
  attempted_at    bigint NOT NULL,
  request_headers json NOT NULL,
  request_body    text NOT NULL,
  response_status integer,
  latency_ms      integer NOT NULL,
  error           text NOT NULL
);
CREATE INDEX ix_attempts_event ON callback_attempts (event_id, id);

CREATE TABLE emergency_addresses (
  phone_number text COLLATE "C" PRIMARY KEY,
  project_id   text NOT NULL,
  display_name text NOT NULL,
  address      json NOT NULL,
  updated_at   bigint NOT NULL
);
