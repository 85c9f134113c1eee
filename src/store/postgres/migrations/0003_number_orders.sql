-- Number orders and KYC policies, the counterpart of ../../sqlite/migrations/0003_number_orders.sql.
-- Times are epoch milliseconds (bigint). The order record and the policy document are read back
-- whole, so they are `json`, not `jsonb`: json keeps the text as written, key order included.
-- Ids that are sorted use COLLATE "C": byte order, like SQLite's BINARY.

-- KYC policies: every version is kept; the newest of a (region, type) is in force.
CREATE TABLE kyc_policies (
  region_code text COLLATE "C" NOT NULL,
  number_type text COLLATE "C" NOT NULL,
  version     integer NOT NULL,
  document    json NOT NULL,
  created_at  bigint NOT NULL,
  PRIMARY KEY (region_code, number_type, version)
);

-- Number orders. `record` is the whole NumberOrderRecord (with the ids of its reserved numbers,
-- whose status is RESERVED while the order holds them); the other columns serve lookups.
CREATE TABLE number_orders (
  order_id   text COLLATE "C" PRIMARY KEY,
  project_id text NOT NULL,
  state      text NOT NULL,
  created_at bigint NOT NULL,
  record     json NOT NULL
);
CREATE INDEX ix_orders_state ON number_orders (state, created_at, order_id);
CREATE INDEX ix_orders_project ON number_orders (project_id, created_at, order_id);

-- Uploaded files, kept in the database (size-limited by the API).
CREATE TABLE order_attachments (
  order_id      text COLLATE "C" NOT NULL REFERENCES number_orders (order_id),
  attachment_id text COLLATE "C" NOT NULL,
  file_name     text NOT NULL,
  mime_type     text NOT NULL,
  document_type text NOT NULL,
  size          bigint NOT NULL,
  content       bytea NOT NULL,
  created_at    bigint NOT NULL,
  updated_at    bigint NOT NULL,
  PRIMARY KEY (order_id, attachment_id)
);
-- Uploads are PDFs and images, compressed already: store them out of line without trying pglz.
ALTER TABLE order_attachments ALTER COLUMN content SET STORAGE EXTERNAL;
