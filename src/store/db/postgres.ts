import type postgres from 'postgres';
import { mapDbError, StoreConflict } from './errors.js';
import type { Db, TransactionOptions } from './port.js';

export type Sql = postgres.Sql<{ int8: number }>;
export type PgConnection = Sql | postgres.TransactionSql<{ int8: number }>;

/** A transaction that lost a serialization conflict or a deadlock is run again, up to this often. */
const SERIALIZATION_RETRIES = 3;

/**
 * The PostgreSQL side of `Db` over a pool (`sql`) or a transaction. Statements are prepared
 * (named, cached per connection).
 */
export function pgDb(connection: PgConnection, isTransaction = false): Db {
  async function all<T>(text: string, params: unknown[] = []): Promise<T[]> {
    try {
      return (await connection.unsafe(text, params as never[], { prepare: true })) as unknown as T[];
    } catch (error) {
      throw mapDbError(error);
    }
  }
  const db: Db = {
    dialect: 'postgres',
    all: (text, params) => all(text, params),
    async get(text, params) {
      return (await all<never>(text, params))[0];
    },
    async run(text, params = []) {
      try {
        return (await connection.unsafe(text, params as never[], { prepare: true })).count;
      } catch (error) {
        throw mapDbError(error);
      }
    },
    async exec(script) {
      // No parameters: sent as a simple query, so a script may hold many statements.
      try {
        await connection.unsafe(script);
      } catch (error) {
        throw mapDbError(error);
      }
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>, options?: TransactionOptions): Promise<T> {
      // Nested: part of the enclosing transaction.
      if (isTransaction) return fn(db);
      for (let attempt = 1; ; attempt++) {
        try {
          return (await (connection as Sql).begin(async (tx) => {
            const inner = pgDb(tx, true);
            if (options?.lock) await inner.all('SELECT pg_advisory_xact_lock(hashtext($1))', [options.lock]);
            return fn(inner);
          })) as T;
        } catch (error) {
          const mapped = mapDbError(error);
          if (
            mapped instanceof StoreConflict &&
            mapped.conflict === 'serialization' &&
            attempt < SERIALIZATION_RETRIES
          )
            continue;
          throw mapped;
        }
      }
    },
  };
  return db;
}
