import type { NumberType } from '../../domain/inventory/products.js';
import type { Db } from '../db/port.js';
import { PairNumbers, type PairRow } from './pairNumbers.js';

/**
 * CONTAINS and END searches in memory, one PairNumbers per (region, type), loaded on a pair's
 * first such search (docs/architecture.md, "CONTAINS searches"). A pair's copy is current while
 * its `inventory_totals.total` is what it was when the copy was loaded: numbers join the
 * inventory only by insertion (the first start, imports), which adds to that total in the same
 * transaction, in this process or any other sharing the store. Availability is not in the copy:
 * callers check the candidates against the store, in the statement that reads or claims them.
 */
export interface ContainsIndex {
  /**
   * Ids of the pair's numbers containing `pattern` (or ending with it: `end`) whose mask is one
   * of `masks`, in e164 order.
   */
  candidates(
    db: Db,
    search: {
      regionCode: string;
      numberType: NumberType;
      pattern: string;
      end: boolean;
      capabilityMasks?: number[];
    },
  ): Promise<Iterator<number>>;
  /** Memory held by the loaded pairs, in bytes. */
  bytes(): number;
}

interface Loaded {
  total: number;
  numbers: PairNumbers;
}

const PAIR_ROWS = `SELECT id, e164, capabilities FROM phone_numbers
  WHERE region_code = $1 AND number_type = $2 AND status = 'AVAILABLE'
  UNION ALL
  SELECT id, e164, capabilities FROM phone_numbers
  WHERE region_code = $1 AND number_type = $2 AND status <> 'AVAILABLE'`;

/** Code-unit order, as both stores compare e164 (COLLATE "C" on PostgreSQL). */
function byE164(a: PairRow, b: PairRow): number {
  return a.e164 < b.e164 ? -1 : a.e164 > b.e164 ? 1 : 0;
}

async function loadPair(db: Db, regionCode: string, numberType: string): Promise<PairNumbers> {
  // Both halves through the partial indexes (ix_avail, ix_taken), in one statement: one snapshot.
  const rows = await db.all<{ id: number | string; e164: string; capabilities: number }>(PAIR_ROWS, [
    regionCode,
    numberType,
  ]);
  const pairRows: PairRow[] = rows.map((r) => ({
    id: Number(r.id),
    e164: r.e164,
    capabilities: Number(r.capabilities),
  }));
  return new PairNumbers(pairRows.sort(byE164));
}

export function containsIndex(): ContainsIndex {
  const pairs = new Map<string, Loaded>();
  /**
   * Loads in progress, so that concurrent first searches of a pair share one. Only through the
   * same handle: a load started outside a transaction waits (SQLite) for the open transaction to
   * end, so a caller inside that transaction (rentAny, orders) waiting for it would never end.
   */
  const loading = new Map<string, { db: Db; loaded: Promise<Loaded> }>();

  async function current(db: Db, regionCode: string, numberType: string): Promise<PairNumbers | undefined> {
    const row = await db.get<{ total: number | string }>(
      'SELECT total FROM inventory_totals WHERE region_code = $1 AND number_type = $2',
      [regionCode, numberType],
    );
    if (!row) return undefined;
    const total = Number(row.total);
    const key = `${regionCode}/${numberType}`;
    const ready = pairs.get(key);
    if (ready?.total === total) return ready.numbers;
    const pending = loading.get(key);
    if (pending?.db === db) return (await pending.loaded).numbers;
    // The total read before loading: numbers added meanwhile are in the copy and only cost
    // one more load at the next search.
    const loaded = loadPair(db, regionCode, numberType).then((numbers) => {
      const fresh = { total, numbers };
      pairs.set(key, fresh);
      return fresh;
    });
    loading.set(key, { db, loaded });
    try {
      return (await loaded).numbers;
    } finally {
      if (loading.get(key)?.loaded === loaded) loading.delete(key);
    }
  }

  return {
    async candidates(db, search) {
      const numbers = await current(db, search.regionCode, search.numberType);
      if (!numbers) return [][Symbol.iterator]();
      return numbers.matches(search.pattern, search.end, search.capabilityMasks);
    },
    bytes() {
      let sum = 0;
      for (const { numbers } of pairs.values()) sum += numbers.bytes;
      return sum;
    },
  };
}

/** Up to `n` more values of `values`. */
export function take(values: Iterator<number>, n: number): number[] {
  const out: number[] = [];
  while (out.length < n) {
    const next = values.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}
