-- Issue 13: a project's active and imported numbers counted as they are written, so a list's
-- totalSize costs the same whatever the project holds (docs/architecture.md, "Counting a
-- project's numbers"); the counterpart of ../../sqlite/migrations/0010_project_number_counts.sql.
--
-- A project's count of a list is the sum of its rows' `n`, spread over 16 slots: a transaction
-- adds and subtracts in the slot of its backend (pg_backend_pid() % 16), so concurrent rents in
-- one project rarely queue on one row lock, and a transaction writing many numbers (an order
-- completing) locks one slot only, so two of them cannot deadlock on slots. A slot alone may go
-- negative; the sum is the count. Triggers keep it, in the transaction of the write, for every
-- writer present and future: inserts, deletes and any update moving a row to another project.
CREATE TABLE project_number_counts (
  project_id text NOT NULL,
  list       text NOT NULL,
  slot       integer NOT NULL,
  n          integer NOT NULL,
  PRIMARY KEY (project_id, list, slot)
);

CREATE FUNCTION count_project_numbers() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s integer := pg_backend_pid() % 16;
BEGIN
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    INSERT INTO project_number_counts AS c (project_id, list, slot, n) VALUES (OLD.project_id, TG_ARGV[0], s, -1)
      ON CONFLICT (project_id, list, slot) DO UPDATE SET n = c.n - 1;
  END IF;
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    INSERT INTO project_number_counts AS c (project_id, list, slot, n) VALUES (NEW.project_id, TG_ARGV[0], s, 1)
      ON CONFLICT (project_id, list, slot) DO UPDATE SET n = c.n + 1;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER tr_active_numbers_counted AFTER INSERT OR DELETE ON active_numbers
  FOR EACH ROW EXECUTE FUNCTION count_project_numbers('active');
CREATE TRIGGER tr_active_numbers_moved AFTER UPDATE OF project_id ON active_numbers
  FOR EACH ROW WHEN (OLD.project_id IS DISTINCT FROM NEW.project_id)
  EXECUTE FUNCTION count_project_numbers('active');
CREATE TRIGGER tr_imported_numbers_counted AFTER INSERT OR DELETE ON imported_numbers
  FOR EACH ROW EXECUTE FUNCTION count_project_numbers('imported');
CREATE TRIGGER tr_imported_numbers_moved AFTER UPDATE OF project_id ON imported_numbers
  FOR EACH ROW WHEN (OLD.project_id IS DISTINCT FROM NEW.project_id)
  EXECUTE FUNCTION count_project_numbers('imported');

-- The numbers already stored. CREATE TRIGGER locked both tables against writes until this
-- migration commits, so nothing is written between the triggers' creation and this count.
INSERT INTO project_number_counts (project_id, list, slot, n)
  SELECT project_id, 'active', 0, count(*) FROM active_numbers GROUP BY project_id;
INSERT INTO project_number_counts (project_id, list, slot, n)
  SELECT project_id, 'imported', 0, count(*) FROM imported_numbers GROUP BY project_id;

-- Released numbers past their expireAt are no longer listed but stay until their release
-- completes: the listed count subtracts them, counted along this index (released rows only).
CREATE INDEX ix_active_released ON active_numbers (project_id, expire_at) WHERE expire_at IS NOT NULL;
