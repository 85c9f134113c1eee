-- An emergency address belongs to an active number: it goes when the number is released. The
-- foreign key's cascade does what the release code did by hand. SQLite adds a foreign key by
-- rebuilding the table; addresses of numbers no longer active (none are expected) are dropped.
CREATE TABLE emergency_addresses_new (
  phone_number TEXT PRIMARY KEY REFERENCES active_numbers (phone_number) ON DELETE CASCADE,
  project_id   TEXT NOT NULL,
  display_name TEXT NOT NULL,
  address      TEXT NOT NULL,
  updated_at   INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO emergency_addresses_new (phone_number, project_id, display_name, address, updated_at)
  SELECT e.phone_number, e.project_id, e.display_name, e.address, e.updated_at FROM emergency_addresses e
  WHERE EXISTS (SELECT 1 FROM active_numbers a WHERE a.phone_number = e.phone_number);
DROP TABLE emergency_addresses;
ALTER TABLE emergency_addresses_new RENAME TO emergency_addresses;
