import type { InventoryNumber } from '../../domain/inventory/generate.js';
import { capabilityMask, type NumberType, type Product } from '../../domain/inventory/products.js';
import type { InventoryRow } from '../../domain/numbers/activeNumber.js';
import { insertAudit } from '../audit/sql.js';
import type { Dialect } from '../db/dialect.js';
import { StoreConflict } from '../db/errors.js';
import { type Db, Params, whereClause } from '../db/port.js';
import type { ContainsIndex } from './containsIndex.js';
import { groupLoader, type InsertChunk } from './groups.js';
import type { PairRow } from './pairNumbers.js';
import type {
  AvailableSearch,
  InventoryConflict,
  InventoryCount,
  InventoryPort,
  PricedProduct,
  SeedInventory,
} from './port.js';
import {
  INVENTORY_COLUMNS,
  type InventoryDbRow,
  inventoryFromRow,
  type ProductRow,
  productFromRow,
  productParams,
} from './rows.js';
import { forEachPart, searchSelect } from './search.js';

export const SEEDED_KEY = 'inventory.seededAt';
export const SEED_LOCK = 'open_numbers.seed';

/**
 * A product whose (region, type) has a KYC policy is sold with supporting documentation: derived
 * on read from the stored policies, so storing a policy needs no second write.
 */
const PRODUCT_SELECT = `SELECT p.region_code, p.number_type, p.currency_code, p.setup_price, p.monthly_price,
    p.payment_interval_months, p.capabilities, p.price_set_at,
    (p.supporting_documentation_required OR EXISTS (
      SELECT 1 FROM kyc_policies k WHERE k.region_code = p.region_code AND k.number_type = p.number_type))
      AS supporting_documentation_required
  FROM products p`;

/** Rows per statement of an import: 5 parameters each, far below either dialect's limit. */
const IMPORT_CHUNK_ROWS = 500;

function pricedFromRow(row: ProductRow & { price_set_at: number | string | null }): PricedProduct {
  return {
    ...productFromRow(row),
    priceSetAt: row.price_set_at === null ? null : Number(row.price_set_at),
  };
}

/** `WHERE` conditions on products `p` for an optional region and type. */
function productFilter(
  filter: { regionCode?: string; numberType?: NumberType },
  params: Params,
  alias = 'p.',
) {
  const conditions: string[] = [];
  if (filter.regionCode) conditions.push(`${alias}region_code = ${params.add(filter.regionCode)}`);
  if (filter.numberType) conditions.push(`${alias}number_type = ${params.add(filter.numberType)}`);
  return conditions;
}

/** Code-unit order, as both stores compare these columns (COLLATE "C" on PostgreSQL). */
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The numbers of `e164s` that cannot join the inventory (the checks of hostingOrders' firstConflict). */
async function findConflicts(tx: Db, e164s: readonly string[]): Promise<Map<string, InventoryConflict>> {
  const found = new Map<string, InventoryConflict>();
  for (const chunk of chunks(e164s, IMPORT_CHUNK_ROWS)) {
    const params = new Params();
    const list = params.list(chunk);
    const rows = await tx.all<{ phone_number: string; reason: InventoryConflict }>(
      `SELECT e164 AS phone_number, 'inventory' AS reason FROM phone_numbers WHERE e164 IN (${list})
       UNION ALL SELECT phone_number, 'imported' AS reason FROM imported_numbers WHERE phone_number IN (${list})
       UNION ALL SELECT phone_number, 'hosting' AS reason FROM hosting_order_numbers WHERE open = 1 AND phone_number IN (${list})`,
      params.values,
    );
    for (const row of rows) if (!found.has(row.phone_number)) found.set(row.phone_number, row.reason);
  }
  return found;
}

/** Numbers inserted per (region, type), keyed `region/type`. */
export type PairCounts = Map<string, { regionCode: string; numberType: string; count: number }>;

/** Adds inserted numbers to inventory_totals, in one order (concurrent writers do not deadlock). */
export async function addToTotals(tx: Db, perPair: PairCounts): Promise<void> {
  for (const [, pair] of [...perPair].sort(([x], [y]) => byteOrder(x, y))) {
    await tx.run(
      `INSERT INTO inventory_totals (region_code, number_type, total) VALUES ($1, $2, $3::bigint)
       ON CONFLICT (region_code, number_type) DO UPDATE SET total = inventory_totals.total + excluded.total`,
      [pair.regionCode, pair.numberType, pair.count],
    );
  }
}

/** Counts a number inserted for its pair. */
export function countIn(perPair: PairCounts, regionCode: string, numberType: string): void {
  const key = `${regionCode}/${numberType}`;
  const pair = perPair.get(key);
  if (pair) pair.count++;
  else perPair.set(key, { regionCode, numberType, count: 1 });
}

/**
 * Inserts available numbers (in the caller's transaction) and adds those inserted to the totals;
 * returns how many were. `skipExisting`: a number already stored is left as it is (ON CONFLICT
 * DO NOTHING) instead of failing the statement.
 */
async function insertNumbers(
  tx: Db,
  numbers: readonly InventoryNumber[],
  skipExisting = false,
): Promise<number> {
  const ordered = [...numbers].sort((x, y) => byteOrder(x.e164, y.e164));
  const perPair: PairCounts = new Map();
  let inserted = 0;
  for (const chunk of chunks(ordered, IMPORT_CHUNK_ROWS)) {
    const params = new Params();
    const values = chunk
      .map(
        (n) =>
          `(${params.add(n.e164)}, ${params.add(n.regionCode)}, ${params.add(n.numberType)}, ${params.add(n.capabilities)}::integer)`,
      )
      .join(', ');
    const rows = await tx.all<{ region_code: string; number_type: string }>(
      `INSERT INTO phone_numbers (e164, region_code, number_type, capabilities) VALUES ${values}
       ${skipExisting ? 'ON CONFLICT (e164) DO NOTHING' : ''} RETURNING region_code, number_type`,
      params.values,
    );
    inserted += rows.length;
    for (const row of rows) countIn(perPair, row.region_code, row.number_type);
  }
  await addToTotals(tx, perPair);
  return inserted;
}

const SELECT_AVAILABLE = `SELECT ${INVENTORY_COLUMNS} FROM phone_numbers WHERE e164 = $1 AND status = 'AVAILABLE'`;

/**
 * The shared part of a bulk load, in the dialect's transaction (under SEED_LOCK): nothing when
 * another process seeded already (its marker is read after taking the lock), else the
 * products, the numbers (`loadNumbers`, per dialect) and the marker.
 */
export async function seedOnce(
  tx: Db,
  products: Product[],
  loadNumbers: () => Promise<void>,
): Promise<boolean> {
  if (!(await writeProducts(tx, products))) return false;
  await loadNumbers();
  // Every number is AVAILABLE at this point (none existed before the seed, which holds the lock),
  // so the count walks the covering ix_avail: 115 ms for 733k numbers instead of 460 ms.
  await tx.run(
    `INSERT INTO inventory_totals (region_code, number_type, total)
     SELECT region_code, number_type, count(*) FROM phone_numbers WHERE status = 'AVAILABLE'
     GROUP BY region_code, number_type
     ON CONFLICT (region_code, number_type) DO UPDATE SET total = excluded.total`,
  );
  // Every group is loaded (the marker of migration 0011).
  await tx.run(
    `INSERT INTO inventory_groups (calling_code, loaded_at) VALUES ('*', $1::bigint)
     ON CONFLICT (calling_code) DO NOTHING`,
    [Date.now()],
  );
  return true;
}

/** The products and the seeded marker, unless another process wrote them first (false). */
async function writeProducts(tx: Db, products: Product[]): Promise<boolean> {
  if (await tx.get('SELECT value FROM settings WHERE key = $1', [SEEDED_KEY])) return false;
  for (const p of products) {
    await tx.run(
      `INSERT INTO products (region_code, number_type, currency_code, setup_price, monthly_price,
         payment_interval_months, capabilities, supporting_documentation_required)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      productParams(p),
    );
  }
  await tx.run('INSERT INTO settings (key, value) VALUES ($1, $2)', [SEEDED_KEY, String(Date.now())]);
  return true;
}

/** A row of a pair's in-memory copy as the inventory row it is. */
function inPair(search: AvailableSearch) {
  return (row: PairRow): InventoryRow => ({
    id: row.id,
    e164: row.e164,
    regionCode: search.regionCode,
    numberType: search.numberType,
    capabilities: row.capabilities,
  });
}

/** The inventory port, and `stop` for the store's close: ends the background load after its chunk. */
export function inventoryStore(
  db: Db,
  dialect: Dialect,
  seed: SeedInventory,
  insertChunk: InsertChunk | undefined,
  contains: ContainsIndex,
): { port: InventoryPort; stop(): Promise<void> } {
  const groups = groupLoader(db, dialect, insertChunk ?? ((tx, numbers) => insertNumbers(tx, numbers, true)));
  async function readProduct(regionCode: string, numberType: NumberType) {
    const row = await db.get<ProductRow>(
      `${PRODUCT_SELECT} WHERE p.region_code = $1 AND p.number_type = $2`,
      [regionCode, numberType],
    );
    return row && productFromRow(row);
  }
  const port: InventoryPort = {
    async isSeeded() {
      return (await db.get('SELECT value FROM settings WHERE key = $1', [SEEDED_KEY])) !== undefined;
    },
    seed,
    seedProducts(products) {
      return db.transaction((tx) => writeProducts(tx, products), { lock: SEED_LOCK });
    },
    setSource: groups.setSource,
    isFullyLoaded: groups.isFullyLoaded,
    ensureLoaded: groups.ensure,
    loadAll: groups.loadAll,
    async listProducts() {
      const rows = await db.all<ProductRow>(`${PRODUCT_SELECT} ORDER BY p.region_code, p.number_type`);
      return rows.map(productFromRow);
    },
    getProduct(regionCode: string, numberType: NumberType) {
      return contains.product(regionCode, numberType, () => readProduct(regionCode, numberType));
    },
    async offers(search) {
      const found = await contains.offers(search, () => readProduct(search.regionCode, search.numberType));
      if (found !== null) return found && { product: found.product, rows: found.rows.map(inPair(search)) };
      const product = await port.getProduct(search.regionCode, search.numberType);
      return product && { product, rows: await port.searchAvailable(search) };
    },
    async searchAvailable(search) {
      const inMemory = await contains.searchAvailable(search);
      if (inMemory) return inMemory.map(inPair(search));
      const rows = await forEachPart(db, contains, search, search.limit, (part, missing) => {
        const params = new Params();
        const sql = searchSelect(dialect, part, params, INVENTORY_COLUMNS);
        return db.all<InventoryDbRow>(`${sql} LIMIT ${params.add(missing)}`, params.values);
      });
      return rows.map(inventoryFromRow);
    },
    async getAvailable(e164) {
      const row = await db.get<InventoryDbRow>(SELECT_AVAILABLE, [e164]);
      return row && inventoryFromRow(row);
    },
    async countAvailable() {
      const row = await db.get<{ n: number }>(
        "SELECT count(*) AS n FROM phone_numbers WHERE status = 'AVAILABLE'",
      );
      return Number(row!.n);
    },
    async summary(filter) {
      const params = new Params();
      const conditions = productFilter(filter, params, '');
      const totals = await db.all<{ region_code: string; number_type: string; total: number | string }>(
        `SELECT region_code, number_type, total FROM inventory_totals ${whereClause(conditions)}
         ORDER BY region_code, number_type`,
        params.values,
      );
      // Reserved and active numbers through the small partial index ix_taken; available ones are
      // the rest of the total (counting them walks every available number: 115-800 ms).
      const taken = await db.all<{
        region_code: string;
        number_type: string;
        status: string;
        n: number | string;
      }>(
        `SELECT region_code, number_type, status, count(*) AS n FROM phone_numbers
         WHERE status <> 'AVAILABLE' ${conditions.length ? `AND ${conditions.join(' AND ')}` : ''}
         GROUP BY region_code, number_type, status`,
        params.values,
      );
      const byPair = new Map<string, InventoryCount>();
      for (const t of totals) {
        byPair.set(`${t.region_code}/${t.number_type}`, {
          regionCode: t.region_code,
          numberType: t.number_type as NumberType,
          available: Number(t.total),
          reserved: 0,
          active: 0,
        });
      }
      for (const row of taken) {
        const count = byPair.get(`${row.region_code}/${row.number_type}`);
        if (!count) continue;
        const n = Number(row.n);
        if (row.status === 'RESERVED') count.reserved += n;
        else count.active += n;
        count.available -= n;
      }
      return [...byPair.values()];
    },
    conflicts(e164s) {
      return findConflicts(db, e164s);
    },
    async importNumbers({ numbers, products, audit }) {
      try {
        return await db.transaction(async (tx) => {
          const conflicts = await findConflicts(
            tx,
            numbers.map((n) => n.e164),
          );
          if (conflicts.size) return { conflicts };
          const masks = new Map<string, number>();
          for (const n of numbers) {
            const key = `${n.regionCode}/${n.numberType}`;
            masks.set(key, (masks.get(key) ?? 0) | n.capabilities);
          }
          // Rows are locked in one order in every import (products, numbers, totals, each
          // sorted), so concurrent imports wait for each other instead of deadlocking.
          const byPair = (x: Product, y: Product) =>
            byteOrder(x.regionCode, y.regionCode) || byteOrder(x.numberType, y.numberType);
          for (const p of [...products].sort(byPair)) {
            await tx.run(
              `INSERT INTO products (region_code, number_type, currency_code, setup_price, monthly_price,
                 payment_interval_months, capabilities, supporting_documentation_required)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
              productParams(p),
            );
            // Numbers that text make their product one that texts (orders check the product's).
            await tx.run(
              `UPDATE products SET capabilities = (capabilities | $3::integer)
               WHERE region_code = $1 AND number_type = $2`,
              [
                p.regionCode,
                p.numberType,
                masks.get(`${p.regionCode}/${p.numberType}`) ?? capabilityMask(p.capabilities),
              ],
            );
          }
          await insertNumbers(tx, numbers);
          await insertAudit(tx, audit);
          return { imported: numbers.length };
        });
      } catch (error) {
        // Another import (or a hosting order) took one of the numbers between the check and the
        // insert: nothing was written; say which.
        if (error instanceof StoreConflict && error.conflict !== 'foreignKey') {
          const conflicts = await findConflicts(
            db,
            numbers.map((n) => n.e164),
          );
          if (conflicts.size) return { conflicts };
        }
        throw error;
      }
    },
    async listPrices(filter) {
      const params = new Params();
      const rows = await db.all<ProductRow & { price_set_at: number | null }>(
        `${PRODUCT_SELECT} ${whereClause(productFilter(filter, params))} ORDER BY p.region_code, p.number_type`,
        params.values,
      );
      return rows.map(pricedFromRow);
    },
    setPrice(regionCode, numberType, price, at, audit) {
      return db.transaction(async (tx) => {
        const row = await tx.get<ProductRow & { price_set_at: number | null }>(
          `${PRODUCT_SELECT} WHERE p.region_code = $1 AND p.number_type = $2 ${dialect.forUpdate}`,
          [regionCode, numberType],
        );
        if (!row) return undefined;
        const before = pricedFromRow(row);
        await tx.run(
          `UPDATE products SET currency_code = $3, setup_price = $4, monthly_price = $5, price_set_at = $6::bigint
           WHERE region_code = $1 AND number_type = $2`,
          [regionCode, numberType, price.currencyCode, price.setupPrice, price.monthlyPrice, at],
        );
        await insertAudit(tx, audit(before));
        return { ...before, ...price, priceSetAt: at };
      });
    },
  };
  return { port, stop: groups.stop };
}
