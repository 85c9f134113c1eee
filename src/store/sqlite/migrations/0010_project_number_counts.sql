-- Issue 13: a project's active and imported numbers counted as they are written, so a list's
-- totalSize costs the same whatever the project holds (docs/architecture.md, "Counting a
-- project's numbers"); the counterpart of ../../postgres/migrations/0010_project_number_counts.sql.
--
-- A project's count of a list is the sum of its rows' `n` (PostgreSQL spreads it over slots so
-- that concurrent writers do not queue on one row; SQLite has one writer and uses slot 0).
-- Triggers keep it, in the transaction of the write, for every writer present and future:
-- inserts, deletes and any update moving a row to another project. Nothing writes these tables
-- with REPLACE (whose deletes fire no trigger unless recursive_triggers is on).
CREATE TABLE project_number_counts (
  project_id TEXT NOT NULL,
  list       TEXT NOT NULL,
  slot       INTEGER NOT NULL,
  n          INTEGER NOT NULL,
  PRIMARY KEY (project_id, list, slot)
) WITHOUT ROWID;

CREATE TRIGGER tr_active_numbers_counted AFTER INSERT ON active_numbers BEGIN
  INSERT INTO project_number_counts (project_id, list, slot, n) VALUES (NEW.project_id, 'active', 0, 1)
    ON CONFLICT (project_id, list, slot) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tr_active_numbers_uncounted AFTER DELETE ON active_numbers BEGIN
  UPDATE project_number_counts SET n = n - 1
    WHERE project_id = OLD.project_id AND list = 'active' AND slot = 0;
END;
CREATE TRIGGER tr_active_numbers_moved AFTER UPDATE OF project_id ON active_numbers
  WHEN OLD.project_id IS NOT NEW.project_id BEGIN
  UPDATE project_number_counts SET n = n - 1
    WHERE project_id = OLD.project_id AND list = 'active' AND slot = 0;
  INSERT INTO project_number_counts (project_id, list, slot, n) VALUES (NEW.project_id, 'active', 0, 1)
    ON CONFLICT (project_id, list, slot) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER tr_imported_numbers_counted AFTER INSERT ON imported_numbers BEGIN
  INSERT INTO project_number_counts (project_id, list, slot, n) VALUES (NEW.project_id, 'imported', 0, 1)
    ON CONFLICT (project_id, list, slot) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tr_imported_numbers_uncounted AFTER DELETE ON imported_numbers BEGIN
  UPDATE project_number_counts SET n = n - 1
    WHERE project_id = OLD.project_id AND list = 'imported' AND slot = 0;
END;
CREATE TRIGGER tr_imported_numbers_moved AFTER UPDATE OF project_id ON imported_numbers
  WHEN OLD.project_id IS NOT NEW.project_id BEGIN
  UPDATE project_number_counts SET n = n - 1
    WHERE project_id = OLD.project_id AND list = 'imported' AND slot = 0;
  INSERT INTO project_number_counts (project_id, list, slot, n) VALUES (NEW.project_id, 'imported', 0, 1)
    ON CONFLICT (project_id, list, slot) DO UPDATE SET n = n + 1;
END;

-- The numbers already stored (the migration runs in one write transaction: nothing is written
-- between the triggers' creation and this count).
INSERT INTO project_number_counts (project_id, list, slot, n)
  SELECT project_id, 'active', 0, count(*) FROM active_numbers GROUP BY project_id;
INSERT INTO project_number_counts (project_id, list, slot, n)
  SELECT project_id, 'imported', 0, count(*) FROM imported_numbers GROUP BY project_id;

-- Released numbers past their expireAt are no longer listed but stay until their release
-- completes: the listed count subtracts them, counted along this index (released rows only).
CREATE INDEX ix_active_released ON active_numbers (project_id, expire_at) WHERE expire_at IS NOT NULL;
