import type { Dialect } from '../db/dialect.js';

/** SQLite: no row locks (one writer at a time). */
export const sqliteDialect: Dialect = {
  name: 'sqlite',
  forUpdateSkipLocked: '',
  forUpdate: '',
  forShare: '',
  idIn: (subquery) => `id IN (${subquery})`,
  idInJson: (param) => `id IN (SELECT value FROM json_each(${param}))`,
  textInJson: (column, param) => `${column} IN (SELECT value FROM json_each(${param}))`,
  // Rowid lookups only: with ORDER BY e164 LIMIT n, SQLite may otherwise walk ix_avail in e164
  // order and test each row against the list.
  byIdHint: ' NOT INDEXED',
  byIdOrder: 'e164',
};
