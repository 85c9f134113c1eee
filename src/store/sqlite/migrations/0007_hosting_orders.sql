-- Hosting orders of the Imported Numbers API (issue 9, scope item 4), their numbers, their
-- Letters of Authorization, per-project settings, and the mail log.
--
-- `record` columns hold the whole document; the other columns are copies for filters and order.
CREATE TABLE hosting_orders (
  hosting_order_id TEXT PRIMARY KEY,
  project_id       TEXT NOT NULL,
  state            TEXT NOT NULL,
  type             TEXT NOT NULL,
  region_code      TEXT NOT NULL,
  service_plan_id  TEXT NOT NULL,
  campaign_id      TEXT NOT NULL,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  record           TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX ix_hosting_orders_created ON hosting_orders (project_id, created_at, hosting_order_id);
CREATE INDEX ix_hosting_orders_updated ON hosting_orders (project_id, updated_at, hosting_order_id);
CREATE INDEX ix_hosting_orders_state ON hosting_orders (state, created_at);

-- One row per number of an order. `open` is 1 while the order is not COMPLETED or REJECTED: a
-- number is in one open order at most.
CREATE TABLE hosting_order_numbers (
  hosting_order_id TEXT NOT NULL REFERENCES hosting_orders (hosting_order_id),
  phone_number     TEXT NOT NULL,
  project_id       TEXT NOT NULL,
  open             INTEGER NOT NULL,
  osr_state        TEXT NOT NULL,
  platform_state   TEXT NOT NULL,
  campaign_state   TEXT NOT NULL,
  record           TEXT NOT NULL,
  PRIMARY KEY (hosting_order_id, phone_number)
) WITHOUT ROWID;
CREATE UNIQUE INDEX ux_hosting_numbers_open ON hosting_order_numbers (phone_number) WHERE open = 1;

-- The LOA of a direct or reseller order: the document, the signing token (SHA-256, never the
-- token itself), and once signed the signed document and the signature.
CREATE TABLE hosting_loas (
  hosting_order_id TEXT PRIMARY KEY REFERENCES hosting_orders (hosting_order_id),
  project_id       TEXT NOT NULL,
  token_hash       TEXT NOT NULL UNIQUE,
  pdf              BLOB NOT NULL,
  signed_pdf       BLOB,
  signature        TEXT,
  created_at       INTEGER NOT NULL
) WITHOUT ROWID;

-- Operator settings of a project's hosting orders (the :importNumbers limit).
CREATE TABLE hosting_settings (
  project_id           TEXT PRIMARY KEY REFERENCES projects (project_id),
  import_numbers_limit INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL
) WITHOUT ROWID;

-- Every message the server "sends" (the LOA signing links): the sandbox's mail log, and the
-- operator's SMTP outbox (`state` SENT / PENDING / LOGGED).
CREATE TABLE mail_messages (
  message_id TEXT PRIMARY KEY,
  recipient  TEXT NOT NULL,
  subject    TEXT NOT NULL,
  body       TEXT NOT NULL,
  links      TEXT NOT NULL,
  state      TEXT NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX ix_mail_recipient ON mail_messages (recipient, created_at);
CREATE INDEX ix_mail_created ON mail_messages (created_at);
