import type { NumberType, Product } from '../../domain/inventory/products.js';
import type { Db } from '../db/port.js';
import { PairNumbers, type PairRow } from './pairNumbers.js';
import type { AvailableSearch } from './port.js';
import type { ChangeFeed, SearchChange } from './searchChanges.js';

/**
 * The inventory in memory: one PairNumbers per (region, type), loaded on the pair's first search
 * that needs it (docs/architecture.md, "Searches in memory").
 *
 * Every store uses it for CONTAINS and END searches by digits: `candidates` gives the matching
 * numbers, for sale or not, and the caller checks them against the store in the statement that
 * reads or claims them. A pair's copy is current while its `inventory_totals.total` is what it was
 * when the copy was loaded: numbers join the inventory only by insertion (the first start,
 * imports), which adds to that total in the same transaction, in this process or any other.
 *
 * A store with a change log (SQLite: migration 0013) also keeps each copy's for-sale flags and the
 * products current from the log, and answers whole searches (`searchAvailable`) and product reads
 * (`product`) from memory, after reading the log's new rows: what any process committed before
 * that read is in the answer, as it was in the search statement's.
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
  /**
   * The search's numbers for sale, from memory, as the store's search statement would give them;
   * undefined when this store checks availability in the statement (no change log).
   */
  searchAvailable(search: AvailableSearch): Promise<PairRow[] | undefined>;
  /** The pair's product through `read`, remembered until the log says it changed (no log: `read`). */
  product(
    regionCode: string,
    numberType: NumberType,
    read: () => Promise<Product | undefined>,
  ): Promise<Product | undefined>;
  /**
   * The product (through `read`, as `product`) and the search's numbers for sale, after one look
   * at the log; undefined without a product, null when this store has no change log.
   */
  offers(
    search: AvailableSearch,
    read: () => Promise<Product | undefined>,
  ): Promise<{ product: Product; rows: PairRow[] } | undefined | null>;
  /** Memory held by the loaded pairs, in bytes. */
  bytes(): number;
}

interface Loaded {
  total: number;
  numbers: PairNumbers;
  /** Whether its for-sale flags are kept current from the change log (loaded outside a transaction). */
  flagsKept: boolean;
}

const PAIR_ROWS = `SELECT id, e164, capabilities, 1 AS available FROM phone_numbers
  WHERE region_code = $1 AND number_type = $2 AND status = 'AVAILABLE'
  UNION ALL
  SELECT id, e164, capabilities, 0 AS available FROM phone_numbers
  WHERE region_code = $1 AND number_type = $2 AND status <> 'AVAILABLE'`;

/**
 * The same, and in the same snapshot a row without a number: the log's last seq (as `id`) and the
 * pair's total (as `capabilities`, -1 without one).
 */
const PAIR_ROWS_AND_SEQ = `${PAIR_ROWS}
  UNION ALL
  SELECT coalesce((SELECT max(seq) FROM search_changes), 0), NULL,
    coalesce((SELECT total FROM inventory_totals WHERE region_code = $1 AND number_type = $2), -1), 0`;

/** Code-unit order, as both stores compare e164 (COLLATE "C" on PostgreSQL). */
function byE164(a: PairRow, b: PairRow): number {
  return a.e164 < b.e164 ? -1 : a.e164 > b.e164 ? 1 : 0;
}

/** A pair's copy; with `withSeq`, the log's last seq and the pair's total when it was read. */
async function loadPair(
  db: Db,
  regionCode: string,
  numberType: string,
  withSeq: boolean,
): Promise<{ numbers: PairNumbers; seq?: number; total?: number }> {
  // Both halves through the partial indexes (ix_avail, ix_taken), in one statement: one snapshot.
  const rows = await db.all<{
    id: number | string;
    e164: string | null;
    capabilities: number | string;
    available: number | boolean;
  }>(withSeq ? PAIR_ROWS_AND_SEQ : PAIR_ROWS, [regionCode, numberType]);
  let seq: number | undefined;
  let total: number | undefined;
  const pairRows: PairRow[] = [];
  for (const r of rows) {
    if (r.e164 === null) {
      seq = Number(r.id);
      total = Number(r.capabilities);
    } else
      pairRows.push({
        id: Number(r.id),
        e164: r.e164,
        capabilities: Number(r.capabilities),
        available: Boolean(Number(r.available)),
      });
  }
  return { numbers: new PairNumbers(pairRows.sort(byE164)), seq, total };
}

/**
 * `root`: the store's own handle, outside any transaction. `feed`: the reader of the change log of
 * migration 0013, when the store keeps one (SQLite). The log is read through `root` only: inside
 * a transaction its rows may still roll back, and their seqs be written again.
 */
export function containsIndex(root: Db, feed?: ChangeFeed): ContainsIndex {
  const pairs = new Map<string, Loaded>();
  /**
   * Loads in progress, so that concurrent first searches of a pair share one. Only through the
   * same handle: a load started outside a transaction waits (SQLite) for the open transaction to
   * end, so a caller inside that transaction (rentAny, orders) waiting for it would never end.
   */
  const loading = new Map<string, { db: Db; loaded: Promise<Loaded> }>();
  const products = new Map<string, Product>();
  /** Changes of the products since start: a read that saw one start meanwhile is not kept. */
  let productGeneration = 0;
  const log = feed?.log;

  function apply(change: SearchChange) {
    const key = `${change.regionCode}/${change.numberType}`;
    if (change.kind === 'product') {
      products.delete(key);
      productGeneration++;
    } else if (change.kind === 'pair') {
      // Numbers joined it: the next search loads it again.
      const loaded = pairs.get(key);
      if (loaded) loaded.flagsKept = false;
    } else if (change.kind === 'number') {
      pairs.get(key)?.numbers.setAvailable(change.e164!, change.available!);
    }
  }

  /** After a gap in the log (rows pruned before this process read them): nothing is trusted. */
  function forget() {
    products.clear();
    productGeneration++;
    for (const loaded of pairs.values()) loaded.flagsKept = false;
  }

  /**
   * Loads the pair through `db` and installs it. Through the root handle with a log, its flags
   * are first brought up to the changes this process has applied to the other copies; it is
   * installed in the same turn as the last check, so later changes reach it through `apply`.
   */
  async function load(db: Db, regionCode: string, numberType: string, total: number): Promise<Loaded> {
    const key = `${regionCode}/${numberType}`;
    const keepFlags = log !== undefined && db === root;
    for (;;) {
      const loaded = await loadPair(db, regionCode, numberType, keepFlags);
      if (!keepFlags || loaded.seq === undefined) {
        const fresh = { total, numbers: loaded.numbers, flagsKept: false };
        // A copy loaded inside a transaction does not replace one whose flags are kept.
        const kept = pairs.get(key);
        if (!(kept?.flagsKept && kept.total === total)) pairs.set(key, fresh);
        return fresh;
      }
      let at = loaded.seq;
      let complete = true;
      while (complete && log.applied > at) {
        const upTo = log.applied;
        const changes = await log.pairChanges(regionCode, numberType, at, upTo);
        // Pruned before they were read, or numbers joined the pair meanwhile: load again.
        if (changes === undefined || changes.some((c) => c.kind === 'pair')) complete = false;
        else for (const change of changes) loaded.numbers.setAvailable(change.e164!, change.available!);
        at = upTo;
      }
      if (complete) {
        const fresh = { total: loaded.total!, numbers: loaded.numbers, flagsKept: true };
        pairs.set(key, fresh);
        return fresh;
      }
    }
  }

  /**
   * The pair's copy, loaded through `db` if need be. `needFlags` (the root handle, right after
   * following the log): one whose flags are kept, current by the log alone; otherwise one whose
   * total is the pair's total now.
   */
  async function current(
    db: Db,
    regionCode: string,
    numberType: string,
    needFlags: boolean,
  ): Promise<PairNumbers | undefined> {
    const key = `${regionCode}/${numberType}`;
    let total = -1;
    if (needFlags) {
      const ready = pairs.get(key);
      if (ready?.flagsKept) return ready.numbers;
    } else {
      const row = await db.get<{ total: number | string }>(
        'SELECT total FROM inventory_totals WHERE region_code = $1 AND number_type = $2',
        [regionCode, numberType],
      );
      if (!row) return undefined;
      total = Number(row.total);
      const ready = pairs.get(key);
      if (ready?.total === total) return ready.numbers;
    }
    const pending = loading.get(key);
    if (pending?.db === db) {
      const loaded = await pending.loaded;
      if (!needFlags || loaded.flagsKept) return loaded.numbers;
    }
    // The total read before loading: numbers added meanwhile are in the copy and only cost
    // one more load at the next search.
    const loaded = load(db, regionCode, numberType, total);
    loading.set(key, { db, loaded });
    try {
      return (await loaded).numbers;
    } finally {
      if (loading.get(key)?.loaded === loaded) loading.delete(key);
    }
  }

  feed?.listen({ apply, forget });
  const follow = () => feed!.follow();

  /**
   * The pair's product, remembered when there is one (at most one per row of `products`, which
   * the log reports): a pair without one is read again each time, so unknown pairs asked for
   * cannot fill the memory. Shared by every caller, hence frozen.
   */
  async function productOf(regionCode: string, numberType: string, read: () => Promise<Product | undefined>) {
    const key = `${regionCode}/${numberType}`;
    const known = products.get(key);
    if (known) return known;
    const generation = productGeneration;
    const product = await read();
    if (!product) return undefined;
    Object.freeze(product.capabilities);
    Object.freeze(product);
    if (generation === productGeneration) products.set(key, product);
    return product;
  }

  async function inMemory(search: AvailableSearch): Promise<PairRow[]> {
    const numbers = await current(root, search.regionCode, search.numberType, true);
    if (!numbers) return [];
    return numbers.available(search.pattern, search.capabilityMasks, search.limit);
  }

  return {
    async candidates(db, search) {
      const numbers = await current(db, search.regionCode, search.numberType, false);
      if (!numbers) return [][Symbol.iterator]();
      return numbers.matches(search.pattern, search.end, search.capabilityMasks);
    },
    async searchAvailable(search) {
      if (!log) return undefined;
      await follow();
      return inMemory(search);
    },
    async product(regionCode, numberType, read) {
      if (!log) return read();
      await follow();
      return productOf(regionCode, numberType, read);
    },
    async offers(search, read) {
      if (!log) return null;
      // One look at the log for both: the answer is the store as it was at that moment.
      await follow();
      const product = await productOf(search.regionCode, search.numberType, read);
      return product && { product, rows: await inMemory(search) };
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
