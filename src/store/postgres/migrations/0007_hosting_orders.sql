-- Hosting orders (issue 9, scope item 4), the counterpart of ../../sqlite/migrations/0007_hosting_orders.sql.
CREATE TABLE hosting_orders (
  hosting_order_id text COLLATE "C" PRIMARY KEY,
  project_id       text NOT NULL,
  state            text NOT NULL,
  type             text NOT NULL,
  region_code      text NOT NULL,
  service_plan_id  text NOT NULL,
  campaign_id      text NOT NULL,
  created_at       bigint NOT NULL,
  updated_at       bigint NOT NULL,
  record           jsonb NOT NULL
);
CREATE INDEX ix_hosting_orders_created ON hosting_orders (project_id, created_at, hosting_order_id);
CREATE INDEX ix_hosting_orders_updated ON hosting_orders (project_id, updated_at, hosting_order_id);
CREATE INDEX ix_hosting_orders_state ON hosting_orders (state, created_at);

-- One row per number of an order; `open` is 1 until the order is COMPLETED or REJECTED.
CREATE TABLE hosting_order_numbers (
  hosting_order_id text COLLATE "C" NOT NULL REFERENCES hosting_orders (hosting_order_id),
  phone_number     text COLLATE "C" NOT NULL,
  project_id       text NOT NULL,
  open             integer NOT NULL,
  osr_state        text NOT NULL,
  platform_state   text NOT NULL,
  campaign_state   text NOT NULL,
  record           jsonb NOT NULL,
  PRIMARY KEY (hosting_order_id, phone_number)
);
CREATE UNIQUE INDEX ux_hosting_numbers_open ON hosting_order_numbers (phone_number) WHERE open = 1;

-- The LOA of a direct or reseller order (token stored as its SHA-256).
CREATE TABLE hosting_loas (
  hosting_order_id text COLLATE "C" PRIMARY KEY REFERENCES hosting_orders (hosting_order_id),
  project_id       text NOT NULL,
  token_hash       text NOT NULL UNIQUE,
  pdf              bytea NOT NULL,
  signed_pdf       bytea,
  signature        jsonb,
  created_at       bigint NOT NULL
);

CREATE TABLE hosting_settings (
  project_id           text PRIMARY KEY REFERENCES projects (project_id),
  import_numbers_limit integer NOT NULL,
  updated_at           bigint NOT NULL
);

-- The mail log and SMTP outbox.
CREATE TABLE mail_messages (
  message_id text COLLATE "C" PRIMARY KEY,
  recipient  text NOT NULL,
  subject    text NOT NULL,
  body       text NOT NULL,
  links      jsonb NOT NULL,
  state      text NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX ix_mail_recipient ON mail_messages (recipient, created_at);
CREATE INDEX ix_mail_created ON mail_messages (created_at);
