import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { applyMigrations } from '../../src/store/db/migrate.js';
import type { Db } from '../../src/store/db/port.js';
import { sqliteDb } from '../../src/store/db/sqlite.js';

/**
 * A migrated SQLite store file in a temporary folder, and two connections to it in WAL mode: as two
 * processes sharing the store would have. `remove` deletes the folder.
 */
export async function sharedSqliteFile(prefix: string): Promise<{ mine: Db; theirs: Db; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = join(dir, 'store.db');
  const open = () => {
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    return sqliteDb(raw);
  };
  const mine = open();
  const theirs = open();
  await applyMigrations(mine, MIGRATIONS_DIR.sqlite);
  return { mine, theirs, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
