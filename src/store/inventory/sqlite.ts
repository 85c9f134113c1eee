import type Database from 'better-sqlite3';
import type { Db } from '../db/port.js';
import type { SeedInventory } from './port.js';
import { SEED_LOCK, seedOnce } from './sql.js';

/**
 * SQLite: one prepared INSERT per number through the raw connection (no promise per row), inside
 * the Db transaction on the same connection.
 */
export function sqliteSeed(db: Db, raw: Database.Database): SeedInventory {
  return async (products, numbers) => {
    await db.transaction(
      (tx) =>
        seedOnce(tx, products, async () => {
          const insert = raw.prepare(
            `INSERT INTO phone_numbers (e164, region_code, number_type, capabilities)
             VALUES (?, ?, ?, ?) ON CONFLICT (e164) DO NOTHING`,
          );
          for (const n of numbers) {
            insert.run(n.e164, n.regionCode, n.numberType, n.capabilities);
          }
        }),
      { lock: SEED_LOCK },
    );
    await db.exec('ANALYZE');
  };
}
