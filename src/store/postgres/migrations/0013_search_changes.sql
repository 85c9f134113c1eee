-- Issue 13: the SQLite store keeps a change log (../../sqlite/migrations/0013_search_changes.sql)
-- so that its processes answer searches from memory. PostgreSQL keeps none: its transactions
-- commit in another order than they take sequence numbers, so a reader following such a log could
-- step past a change not yet visible and never see it. Its searches check availability in the
-- statement, as before (docs/decisions.md, "Searches in memory").
SELECT 1;
