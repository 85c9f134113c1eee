-- Settings: clock offset, token signing key, admin token hash, inventory marker.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE projects (
  project_id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE access_keys (
  key_id      TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL REFERENCES projects (project_id),
  secret_hash TEXT NOT NULL,
  created_at  INTEGER NOT NULL
) WITHOUT ROWID;

-- One row per (region, number type) that is sold: price, capabilities, documentation flag.
CREATE TABLE products (
  region_code                       TEXT NOT NULL,
  number_type                       TEXT NOT NULL,
  currency_code                     TEXT NOT NULL,
  setup_price                       TEXT NOT NULL,
  monthly_price                     TEXT NOT NULL,
  payment_interval_months           INTEGER NOT NULL,
  capabilities                      INTEGER NOT NULL,
  supporting_documentation_required INTEGER NOT NULL,
  PRIMARY KEY (region_code, number_type)
) WITHOUT ROWID;

-- The inventory. Capabilities are a bitmask (VOICE=1, SMS=2); digits_rev holds the digits
-- reversed so that END searches are index ranges (research/perf-baseline.md, index design).
CREATE TABLE phone_numbers (
  id           INTEGER PRIMARY KEY,
  e164         TEXT NOT NULL UNIQUE,
  region_code  TEXT NOT NULL,
  number_type  TEXT NOT NULL,
  capabilities INTEGER NOT NULL,
  digits_rev   TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'AVAILABLE'
);
CREATE INDEX ix_avail ON phone_numbers (region_code, number_type, e164, capabilities) WHERE status = 'AVAILABLE';
CREATE INDEX ix_avail_rev ON phone_numbers (region_code, number_type, digits_rev, e164, capabilities) WHERE status = 'AVAILABLE';
-- CONTAINS searches of 4+ digits. Inventory rows are inserted, never re-numbered or deleted, so
-- the index is maintained by the inserting code instead of triggers.
CREATE VIRTUAL TABLE pn_trgm USING fts5 (e164, tokenize = 'trigram', content = 'phone_numbers', content_rowid = 'id');

-- Rented numbers. `record` is the whole ActiveNumberRecord; the other columns are copies kept
-- for filtering and ordering.
CREATE TABLE active_numbers (
  phone_number TEXT PRIMARY KEY,
  project_id   TEXT NOT NULL,
  number_id    INTEGER NOT NULL REFERENCES phone_numbers (id),
  region_code  TEXT NOT NULL,
  number_type  TEXT NOT NULL,
  capabilities INTEGER NOT NULL,
  display_name TEXT NOT NULL,
  expire_at    INTEGER,
  record       TEXT NOT NULL
) WITHOUT ROWID;
-- expire_at makes the totalSize count of a page index-only.
CREATE INDEX ix_active_project ON active_numbers (project_id, phone_number, expire_at);
CREATE INDEX ix_active_display_name ON active_numbers (project_id, display_name, phone_number);

-- Background work (transactional outbox). A running job's run_at is its lease expiry, so one
-- index finds both due and abandoned jobs.
CREATE TABLE jobs (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  kind       TEXT NOT NULL,
  payload    TEXT NOT NULL,
  run_at     INTEGER NOT NULL,
  status     TEXT NOT NULL DEFAULT 'pending',
  attempts   INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE INDEX ix_jobs_due ON jobs (run_at) WHERE status IN ('pending', 'running');
