-- Qualified numbers (issue 9), the counterpart of ../../sqlite/migrations/0006_qualified_numbers.sql.
--
-- A project qualifies a number once; two projects may each qualify the same number. `record` is
-- the whole document; the other columns are copies for filters, the admin review queue and keyset
-- paging. `state` is the global process state without its prefix.
CREATE TABLE qualified_numbers (
  project_id       text COLLATE "C" NOT NULL,
  phone_number     text COLLATE "C" NOT NULL,
  region_code      text NOT NULL,
  state            text NOT NULL,
  hosting_order_id text NOT NULL,
  created_at       bigint NOT NULL,
  updated_at       bigint NOT NULL,
  record           jsonb NOT NULL,
  PRIMARY KEY (project_id, phone_number)
);
CREATE INDEX ix_qualified_created ON qualified_numbers (project_id, created_at, phone_number);
CREATE INDEX ix_qualified_updated ON qualified_numbers (project_id, updated_at, phone_number);
CREATE INDEX ix_qualified_queue ON qualified_numbers (state, created_at, project_id, phone_number);

-- The sandbox's voice calls: what each ownership challenge "said", so a test can read the code.
CREATE TABLE qualified_voice_calls (
  id           bigserial PRIMARY KEY,
  project_id   text NOT NULL,
  phone_number text COLLATE "C" NOT NULL,
  code         text NOT NULL,
  created_at   bigint NOT NULL,
  expire_at    bigint NOT NULL
);
CREATE INDEX ix_voice_calls_number ON qualified_voice_calls (phone_number, id);
