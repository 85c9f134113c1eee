import postgres from 'postgres';
import { MIGRATIONS_DIR } from '../../paths.js';
import { pgDb, type Sql } from '../db/postgres.js';
import { postgresSeed } from '../inventory/postgres.js';
import { postgresClaimDue } from '../jobs/postgres.js';
import { assembleStore } from '../modules.js';
import { postgresListEvents } from '../outbox/postgres.js';
import type { Store } from '../types.js';
import { postgresDialect } from './dialect.js';

export interface PostgresOptions {
  url: string;
  /** Pool size per process (default 10). */
  max?: number;
}

/**
 * BIGINT (int8) columns hold epoch milliseconds and ids, all far below 2^53: read them as numbers.
 * `count(*)` is int8 too.
 */
const types = {
  int8: {
    to: 20,
    from: [20],
    serialize: (value: number) => String(value),
    parse: (raw: string) => Number(raw),
  },
};

/**
 * The scale-out store: many API and worker processes share one PostgreSQL database. Claims are
 * conditional updates and `FOR UPDATE SKIP LOCKED` selections, so they hold with any number of
 * processes (DESIGN.md §4). The pool connects lazily, on the first query.
 */
export function openPostgresStore(options: PostgresOptions): Store {
  const sql: Sql = postgres(options.url, {
    max: options.max ?? 10,
    types,
    onnotice: () => {},
    connection: { application_name: 'open-numbers' },
  });
  const db = pgDb(sql);
  return assembleStore({
    db,
    dialect: postgresDialect,
    migrations: MIGRATIONS_DIR.postgres,
    seed: postgresSeed(sql),
    claimDue: postgresClaimDue(db),
    listEvents: postgresListEvents(db),
    async close() {
      await sql.end({ timeout: 5 });
    },
  });
}
