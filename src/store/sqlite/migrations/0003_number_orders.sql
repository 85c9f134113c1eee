-- KYC policies: every version is kept; the newest of a (region, type) is in force.
CREATE TABLE kyc_policies (
  region_code TEXT NOT NULL,
  number_type TEXT NOT NULL,
  version     INTEGER NOT NULL,
  document    TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (region_code, number_type, version)
) WITHOUT ROWID;

-- Number orders. `record` is the whole NumberOrderRecord (with the ids of its reserved numbers,
-- whose status is RESERVED while the order holds them); the other columns serve lookups.
CREATE TABLE number_orders (
  order_id   TEXT PRIMARY KEY,
  project_id TEXT NOT NULL,
  state      TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  record     TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX ix_orders_state ON number_orders (state, created_at, order_id);
CREATE INDEX ix_orders_project ON number_orders (project_id, created_at, order_id);

-- Uploaded files, kept in the database (size-limited by the API).
CREATE TABLE order_attachments (
  order_id      TEXT NOT NULL REFERENCES number_orders (order_id),
  attachment_id TEXT NOT NULL,
  file_name     TEXT NOT NULL,
  mime_type     TEXT NOT NULL,
  document_type TEXT NOT NULL,
  size          INTEGER NOT NULL,
  content       BLOB NOT NULL,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  PRIMARY KEY (order_id, attachment_id)
) WITHOUT ROWID;
