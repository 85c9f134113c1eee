import type Database from 'better-sqlite3';
import type { Db } from '../db/port.js';
import type { InsertChunk } from './groups.js';
import type { SeedInventory } from './port.js';
import { addToTotals, countIn, type PairCounts, SEED_LOCK, seedOnce } from './sql.js';

const INSERT_NUMBER = `INSERT INTO phone_numbers (e164, region_code, number_type, capabilities)
  VALUES (?, ?, ?, ?) ON CONFLICT (e164) DO NOTHING`;

/**
 * SQLite: a chunk of a group's numbers through one prepared INSERT on the raw connection (no
 * promise per row, as the bulk load), inside the Db transaction on the same connection; a row
 * that changed nothing was there already. About twice as fast as multi-row statements with
 * RETURNING through the Db layer.
 */
export function sqliteInsertChunk(raw: Database.Database): InsertChunk {
  let insert: Database.Statement | undefined;
  return async (tx, numbers) => {
    insert ??= raw.prepare(INSERT_NUMBER);
    const perPair: PairCounts = new Map();
    let inserted = 0;
    for (const n of numbers) {
      if (insert.run(n.e164, n.regionCode, n.numberType, n.capabilities).changes) {
        inserted++;
        countIn(perPair, n.regionCode, n.numberType);
      }
    }
    await addToTotals(tx, perPair);
    return inserted;
  };
}

/**
 * SQLite: one prepared INSERT per number through the raw connection (no promise per row), inside
 * the Db transaction on the same connection.
 */
export function sqliteSeed(db: Db, raw: Database.Database): SeedInventory {
  return async (products, numbers) => {
    await db.transaction(
      (tx) =>
        seedOnce(tx, products, async () => {
          const insert = raw.prepare(INSERT_NUMBER);
          for (const n of numbers) {
            insert.run(n.e164, n.regionCode, n.numberType, n.capabilities);
          }
        }),
      { lock: SEED_LOCK },
    );
    await db.exec('ANALYZE');
  };
}
