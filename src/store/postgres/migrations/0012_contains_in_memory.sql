-- CONTAINS and END searches by digits are answered from an in-memory copy of each pair's numbers
-- (src/store/inventory/containsIndex.ts), so the trigram index is no longer read. The pg_trgm
-- extension stays: dropping an extension needs more than the schema's owner may have.
DROP INDEX IF EXISTS ix_avail_trgm;

-- END searches by digits use the same copy, so the reversed-digits column and its index go too
-- (one index fewer to maintain on every insert).
DROP INDEX IF EXISTS ix_avail_rev;
ALTER TABLE phone_numbers DROP COLUMN digits_rev;
