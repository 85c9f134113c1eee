-- Qualified numbers of the Imported Numbers API (issue 9): numbers a project asks Sinch to host,
-- on their way through eligibility, ownership verification (a voice challenge) and hosting.
--
-- A project qualifies a number once; two projects may each qualify the same number (neither owns
-- it yet). `record` is the whole document; the other columns are copies for filters, the admin
-- review queue and keyset paging. `state` is the global process state without its prefix.
CREATE TABLE qualified_numbers (
  project_id      TEXT NOT NULL,
  phone_number    TEXT NOT NULL,
  region_code     TEXT NOT NULL,
  state           TEXT NOT NULL,
  hosting_order_id TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  record          TEXT NOT NULL,
  PRIMARY KEY (project_id, phone_number)
) WITHOUT ROWID;
CREATE INDEX ix_qualified_created ON qualified_numbers (project_id, created_at, phone_number);
CREATE INDEX ix_qualified_updated ON qualified_numbers (project_id, updated_at, phone_number);
CREATE INDEX ix_qualified_queue ON qualified_numbers (state, created_at, project_id, phone_number);

-- The sandbox's voice calls: what each ownership challenge "said" on the phone, so a test can
-- read the code. Written in sandbox mode only (operator mode has no telephony; docs/decisions.md).
CREATE TABLE qualified_voice_calls (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id   TEXT NOT NULL,
  phone_number TEXT NOT NULL,
  code         TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  expire_at    INTEGER NOT NULL
);
CREATE INDEX ix_voice_calls_number ON qualified_voice_calls (phone_number, id);
