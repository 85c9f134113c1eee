-- The counterpart of ../../sqlite/migrations/0011_inventory_groups.sql: a row per calling-code
-- group of the inventory a process has claimed or loaded, '*' once all are loaded.
CREATE TABLE inventory_groups (
  calling_code text COLLATE "C" PRIMARY KEY,
  claimed_by   text,
  claimed_at   bigint,
  loaded_at    bigint
);
-- A store seeded by an earlier version has its whole inventory.
INSERT INTO inventory_groups (calling_code, loaded_at)
  SELECT '*', CAST(value AS bigint) FROM settings WHERE key = 'inventory.seededAt';
