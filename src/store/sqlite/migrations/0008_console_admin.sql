-- The operator's console and admin API (issue 12): access key revocation, prices set by an
-- operator, inventory counts per region and type, and the audit log of decisions.

-- A revoked key (and every token issued from it) is refused from `revoked_at` on; keys are never
-- deleted, so the audit log and old tokens keep naming a key that exists.
ALTER TABLE access_keys ADD COLUMN revoked_at INTEGER;
CREATE INDEX ix_access_keys_project ON access_keys (project_id, created_at, key_id);
CREATE INDEX ix_projects_created ON projects (created_at, project_id);

-- When an operator last set the product's prices (NULL: the generated price table's).
ALTER TABLE products ADD COLUMN price_set_at INTEGER;

-- How many numbers the inventory holds per (region, type), whatever their status. Inventory rows
-- are never deleted, so the seed and the CSV import keep it exact; the summary subtracts the
-- reserved and active numbers (ix_taken) instead of counting 733k rows (200-800 ms on SQLite).
CREATE TABLE inventory_totals (
  region_code TEXT NOT NULL,
  number_type TEXT NOT NULL,
  total       INTEGER NOT NULL,
  PRIMARY KEY (region_code, number_type)
) WITHOUT ROWID;
INSERT INTO inventory_totals (region_code, number_type, total)
  SELECT region_code, number_type, count(*) FROM phone_numbers GROUP BY region_code, number_type;
-- Numbers held by an order (RESERVED) or rented (ACTIVE): few next to the available ones.
CREATE INDEX ix_taken ON phone_numbers (region_code, number_type, status) WHERE status <> 'AVAILABLE';

-- Who decided what, when and why: reviews, eligibility decisions, keys, prices, imports, policies.
-- `at` is the service clock; `project_id` is '' for decisions that belong to no project.
CREATE TABLE audit_log (
  id            TEXT PRIMARY KEY,
  at            INTEGER NOT NULL,
  actor         TEXT NOT NULL,
  action        TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id   TEXT NOT NULL,
  project_id    TEXT NOT NULL,
  reason        TEXT NOT NULL,
  details       TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX ix_audit_at ON audit_log (at, id);
CREATE INDEX ix_audit_project ON audit_log (project_id, at, id);
CREATE INDEX ix_audit_type ON audit_log (resource_type, at, id);
CREATE INDEX ix_audit_resource ON audit_log (resource_id, at, id);
