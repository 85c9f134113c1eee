-- The operator's console and admin API (issue 12), the counterpart of
-- ../../sqlite/migrations/0008_console_admin.sql.

ALTER TABLE access_keys ADD COLUMN revoked_at bigint;
CREATE INDEX ix_access_keys_project ON access_keys (project_id, created_at, key_id);
CREATE INDEX ix_projects_created ON projects (created_at, project_id);

ALTER TABLE products ADD COLUMN price_set_at bigint;

CREATE TABLE inventory_totals (
  region_code text COLLATE "C" NOT NULL,
  number_type text COLLATE "C" NOT NULL,
  total       bigint NOT NULL,
  PRIMARY KEY (region_code, number_type)
);
INSERT INTO inventory_totals (region_code, number_type, total)
  SELECT region_code, number_type, count(*) FROM phone_numbers GROUP BY region_code, number_type;
CREATE INDEX ix_taken ON phone_numbers (region_code, number_type, status) WHERE status <> 'AVAILABLE';

CREATE TABLE audit_log (
  id            text COLLATE "C" PRIMARY KEY,
  at            bigint NOT NULL,
  actor         text NOT NULL,
  action        text NOT NULL,
  resource_type text NOT NULL,
  resource_id   text COLLATE "C" NOT NULL,
  project_id    text COLLATE "C" NOT NULL,
  reason        text NOT NULL,
  details       jsonb NOT NULL
);
CREATE INDEX ix_audit_at ON audit_log (at, id);
CREATE INDEX ix_audit_project ON audit_log (project_id, at, id);
CREATE INDEX ix_audit_type ON audit_log (resource_type, at, id);
CREATE INDEX ix_audit_resource ON audit_log (resource_id, at, id);
