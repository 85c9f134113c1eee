import type { Dialect } from '../db/dialect.js';

/** PostgreSQL: row locks for claims by many processes. */
export const postgresDialect: Dialect = {
  name: 'postgres',
  forUpdateSkipLocked: 'FOR UPDATE SKIP LOCKED',
  forUpdate: 'FOR UPDATE',
  forShare: 'FOR SHARE',
  // ARRAY(…) runs the locking subquery once, before the update, whatever plan is chosen.
  idIn: (subquery) => `id = ANY(ARRAY(${subquery}))`,
  // Typed text first: a parameter typed jsonb would be JSON-encoded again by the driver.
  // ARRAY(…) is evaluated once, so `id = ANY` is a condition on the primary key.
  idInJson: (param) => `id = ANY(ARRAY(SELECT jsonb_array_elements_text(${param}::text::jsonb)::bigint))`,
  textInJson: (column, param) =>
    `${column} = ANY(ARRAY(SELECT jsonb_array_elements_text(${param}::text::jsonb)))`,
  byIdHint: '',
  // A prepared statement's generic plan guesses a (region, type) holds a few hundred numbers and
  // walked ix_avail in e164 order, filtering by id: 12-65 ms for US LOCAL. No index gives this
  // expression's order, so the candidates are fetched by id and sorted (tens of rows).
  byIdOrder: `(e164 || '') COLLATE "C"`,
};
