-- Issue 13: the SQLite store logs writes of active numbers in its change log
-- (../../sqlite/migrations/0014_active_changes.sql) so that its processes keep recently read
-- active numbers in memory. PostgreSQL keeps no change log (see 0013): it reads them from the
-- table each time, as before.
SELECT 1;
