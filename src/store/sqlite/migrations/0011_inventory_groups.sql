-- The inventory loads lazily, one calling-code group at a time (docs/decisions.md, "The inventory
-- loads lazily"): a row per group a process has claimed or loaded. `calling_code` is the group's
-- key (its shortest calling code), or '*' once every group is loaded. A claim whose `claimed_at`
-- (wall-clock ms, renewed with every chunk written) is old is a crashed loader's: another
-- process takes the group over. Numbers are inserted ON CONFLICT DO NOTHING, so a takeover
-- only repeats work.
CREATE TABLE inventory_groups (
  calling_code TEXT PRIMARY KEY,
  claimed_by   TEXT,
  claimed_at   INTEGER,
  loaded_at    INTEGER
) WITHOUT ROWID;
-- A store seeded by an earlier version has its whole inventory.
INSERT INTO inventory_groups (calling_code, loaded_at)
  SELECT '*', CAST(value AS INTEGER) FROM settings WHERE key = 'inventory.seededAt';
