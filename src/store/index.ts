import type { Config } from '../config.js';
import { openPostgresStore } from './postgres/postgresStore.js';
import { openSqliteStore } from './sqlite/sqliteStore.js';
import type { Store } from './types.js';

/** PostgreSQL when DATABASE_URL is set, otherwise the embedded SQLite store under the data directory. */
export function createStore(
  config: Pick<Config, 'databaseUrl' | 'databasePoolMax' | 'dataDir' | 'mode'>,
): Store {
  if (config.databaseUrl) return openPostgresStore({ url: config.databaseUrl, max: config.databasePoolMax });
  return openSqliteStore({
    dataDir: config.dataDir,
    synchronous: config.mode === 'operator' ? 'FULL' : 'NORMAL',
  });
}

export type { Store } from './types.js';
