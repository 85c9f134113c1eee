import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS_DIR } from '../../paths.js';
import { enableWal, sqliteDb } from '../db/sqlite.js';
import { pruneSearchChanges } from '../inventory/searchChanges.js';
import { sqliteInsertChunk, sqliteSeed } from '../inventory/sqlite.js';
import { sqliteClaimDue } from '../jobs/sqlite.js';
import { assembleStore } from '../modules.js';
import { sqliteListEvents } from '../outbox/sqlite.js';
import type { Store } from '../types.js';
import { sqliteDialect } from './dialect.js';

/**
 * Page cache per connection (KiB). Its pages stay in RSS once touched, and malloc keeps them
 * even after SQLite lets go; the operating system caches the file anyway. 64 MiB made the first
 * start's load fill ~90 MB of RSS for no measurable gain in search latency (docs/architecture.md,
 * "Memory at start").
 */
const CACHE_KIB = 16384;

/** How long a statement waits for another process's lock on the file before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * How often a process trims the search change log (migrations/0013_search_changes.sql), by
 * PRUNE_CHUNK rows at most: 4,000 rows a second, about the bench's top rental rate; a faster
 * burst only lets the log grow for a while.
 */
const PRUNE_EVERY_MS = 5_000;

export interface SqliteOptions {
  /** A directory for `open-numbers.db`, or ':memory:'. */
  dataDir: string;
  /** FULL makes every acknowledged write survive power loss (operator mode); NORMAL is faster. */
  synchronous: 'FULL' | 'NORMAL';
}

/**
 * The embedded store. better-sqlite3 is synchronous and the process holds one connection, so
 * every transaction runs to completion without interleaving: claims need no row locks.
 */
export function openSqliteStore(options: SqliteOptions): Store {
  let path = ':memory:';
  if (options.dataDir !== ':memory:') {
    mkdirSync(options.dataDir, { recursive: true });
    path = join(options.dataDir, 'open-numbers.db');
  }
  const raw = new Database(path);
  raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  enableWal(raw, BUSY_TIMEOUT_MS);
  raw.pragma(`synchronous = ${options.synchronous}`);
  raw.pragma('foreign_keys = ON');
  raw.pragma(`cache_size = -${CACHE_KIB}`);
  raw.pragma('temp_store = MEMORY');
  const db = sqliteDb(raw);
  // Every process trims it; a failure (the log not migrated yet, a busy store) waits for the next.
  const pruning = setInterval(() => pruneSearchChanges(db).catch(() => {}), PRUNE_EVERY_MS);
  pruning.unref();
  return assembleStore({
    db,
    dialect: sqliteDialect,
    migrations: MIGRATIONS_DIR.sqlite,
    seed: sqliteSeed(db, raw),
    insertChunk: sqliteInsertChunk(raw),
    searchChanges: true,
    claimDue: sqliteClaimDue(db),
    listEvents: sqliteListEvents(db),
    async close() {
      clearInterval(pruning);
      raw.close();
    },
  });
}
