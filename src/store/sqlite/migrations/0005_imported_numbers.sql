-- The Imported Numbers API (issue 9): its own callback secret, and imported numbers.
--
-- Callback secrets are keyed by API: the Numbers API's and the Imported Numbers API's are set
-- apart (each host has its own callbackConfiguration). Existing secrets are the Numbers API's.
CREATE TABLE callback_secrets (
  project_id    TEXT NOT NULL REFERENCES projects (project_id),
  api           TEXT NOT NULL,
  sealed_secret TEXT NOT NULL,
  updated_at    INTEGER NOT NULL,
  PRIMARY KEY (project_id, api)
) WITHOUT ROWID;
INSERT INTO callback_secrets (project_id, api, sealed_secret, updated_at)
  SELECT project_id, 'numbers', sealed_secret, updated_at FROM callback_configurations;
DROP TABLE callback_configurations;

-- A number hosted elsewhere and imported by a project. The phone number is the key: a number is
-- imported by one project at most. `record` is the whole document; the other columns are copies
-- for filtering and ordering (keyset paging on (key, phone_number)).
CREATE TABLE imported_numbers (
  phone_number    TEXT PRIMARY KEY,
  project_id      TEXT NOT NULL,
  region_code     TEXT NOT NULL,
  service_plan_id TEXT NOT NULL,
  campaign_id     TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  record          TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX ix_imported_project ON imported_numbers (project_id, phone_number);
CREATE INDEX ix_imported_created ON imported_numbers (project_id, created_at, phone_number);
CREATE INDEX ix_imported_updated ON imported_numbers (project_id, updated_at, phone_number);
