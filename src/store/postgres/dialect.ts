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
  idInJson: (param) => `id IN (SELECT jsonb_array_elements_text(${param}::text::jsonb)::bigint)`,
  byIdHint: '',
};
