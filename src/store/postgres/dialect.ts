import type { Dialect } from '../db/dialect.js';

/** Escapes LIKE wildcards (patterns hold only `+` and digits, but the store does not rely on it). */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** PostgreSQL: row locks for claims by many processes; pg_trgm for long CONTAINS patterns. */
export const postgresDialect: Dialect = {
  name: 'postgres',
  forUpdateSkipLocked: 'FOR UPDATE SKIP LOCKED',
  forUpdate: 'FOR UPDATE',
  forShare: 'FOR SHARE',
  // ARRAY(…) runs the locking subquery once, before the update, whatever plan is chosen.
  idIn: (subquery) => `id = ANY(ARRAY(${subquery}))`,
  contains: (text, needle) => `strpos(${text}, ${needle}) > 0`,
  // The trigram index serves this only in a plan made for the actual pattern: a generic plan
  // of a prepared statement (used after five executions) ignores it, so it is never prepared.
  trigramContains: (pattern, params) => ({
    where: `e164 LIKE ${params.add(`%${escapeLike(pattern)}%`)}`,
    prepare: false,
  }),
  endIndexHint: '',
};
