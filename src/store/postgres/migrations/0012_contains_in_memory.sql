-- CONTAINS searches are answered from an in-memory copy of each pair's numbers
-- (src/store/inventory/containsIndex.ts), so the trigram index is no longer read. The pg_trgm
-- extension stays: dropping an extension needs more than the schema's owner may have.
DROP INDEX IF EXISTS ix_avail_trgm;
