import type { Dialect } from '../db/dialect.js';

/** SQLite: no row locks (one writer at a time); FTS5 trigram for long CONTAINS patterns. */
export const sqliteDialect: Dialect = {
  name: 'sqlite',
  forUpdateSkipLocked: '',
  forUpdate: '',
  forShare: '',
  idIn: (subquery) => `id IN (${subquery})`,
  contains: (text, needle) => `instr(${text}, ${needle}) > 0`,
  trigramContains: (pattern, params) => ({
    where: `id IN (SELECT rowid FROM pn_trgm WHERE pn_trgm MATCH ${params.add(`"${pattern}"`)})`,
    prepare: true,
  }),
  // Without the hint SQLite may walk ix_avail to avoid sorting, scanning the whole partition.
  endIndexHint: ' INDEXED BY ix_avail_rev',
};
