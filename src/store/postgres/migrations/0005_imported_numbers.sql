-- The Imported Numbers API (issue 9), the counterpart of ../../sqlite/migrations/0005_imported_numbers.sql.
--
-- Callback secrets are keyed by API: the Numbers API's and the Imported Numbers API's are set
-- apart (each host has its own callbackConfiguration). Existing secrets are the Numbers API's.
CREATE TABLE callback_secrets (
  project_id    text NOT NULL REFERENCES projects (project_id),
  api           text NOT NULL,
  sealed_secret text NOT NULL,
  updated_at    bigint NOT NULL,
  PRIMARY KEY (project_id, api)
);
INSERT INTO callback_secrets (project_id, api, sealed_secret, updated_at)
  SELECT project_id, 'numbers', sealed_secret, updated_at FROM callback_configurations;
DROP TABLE callback_configurations;

-- A number hosted elsewhere and imported by a project; one project at most per number. `record`
-- is the whole document; the other columns are copies for filtering and keyset paging.
CREATE TABLE imported_numbers (
  phone_number    text COLLATE "C" PRIMARY KEY,
  project_id      text NOT NULL,
  region_code     text NOT NULL,
  service_plan_id text NOT NULL,
  campaign_id     text NOT NULL,
  created_at      bigint NOT NULL,
  updated_at      bigint NOT NULL,
  record          jsonb NOT NULL
);
CREATE INDEX ix_imported_project ON imported_numbers (project_id, phone_number);
CREATE INDEX ix_imported_created ON imported_numbers (project_id, created_at, phone_number);
CREATE INDEX ix_imported_updated ON imported_numbers (project_id, updated_at, phone_number);
