-- CONTAINS and END searches by digits are answered from an in-memory copy of each pair's numbers
-- (src/store/inventory/containsIndex.ts): the FTS5 trigram table over the whole inventory
-- decoded every posting list of a pattern whatever the region (1.4-1.7 ms for 4-6 digits), cost
-- ~3 s of the first start and a third of the file.
DROP TABLE IF EXISTS pn_trgm;

-- END searches by digits use the same copy, so the reversed-digits column and its index go too
-- (one index fewer to maintain on every insert).
DROP INDEX IF EXISTS ix_avail_rev;
ALTER TABLE phone_numbers DROP COLUMN digits_rev;
