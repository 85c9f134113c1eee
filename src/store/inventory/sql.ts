import type { NumberType, Product } from '../../domain/inventory/products.js';
import type { Dialect } from '../db/dialect.js';
import { type Db, Params } from '../db/port.js';
import type { InventoryPort, SeedInventory } from './port.js';
import {
  INVENTORY_COLUMNS,
  type InventoryDbRow,
  inventoryFromRow,
  type ProductRow,
  productFromRow,
  productParams,
} from './rows.js';
import { searchSelect } from './search.js';

export const SEEDED_KEY = 'inventory.seededAt';
export const SEED_LOCK = 'open_numbers.seed';

/**
 * A product whose (region, type) has a KYC policy is sold with supporting documentation: derived
 * on read from the stored policies, so storing a policy needs no second write.
 */
const PRODUCT_SELECT = `SELECT p.region_code, p.number_type, p.currency_code, p.setup_price, p.monthly_price,
    p.payment_interval_months, p.capabilities,
    (p.supporting_documentation_required OR EXISTS (
      SELECT 1 FROM kyc_policies k WHERE k.region_code = p.region_code AND k.number_type = p.number_type))
      AS supporting_documentation_required
  FROM products p`;

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
  if (await tx.get('SELECT value FROM settings WHERE key = $1', [SEEDED_KEY])) return false;
  for (const p of products) {
    await tx.run(
      `INSERT INTO products (region_code, number_type, currency_code, setup_price, monthly_price,
         payment_interval_months, capabilities, supporting_documentation_required)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      productParams(p),
    );
  }
  await loadNumbers();
  await tx.run('INSERT INTO settings (key, value) VALUES ($1, $2)', [SEEDED_KEY, String(Date.now())]);
  return true;
}

export function inventoryStore(db: Db, dialect: Dialect, seed: SeedInventory): InventoryPort {
  return {
    async isSeeded() {
      return (await db.get('SELECT value FROM settings WHERE key = $1', [SEEDED_KEY])) !== undefined;
    },
    seed,
    async listProducts() {
      const rows = await db.all<ProductRow>(`${PRODUCT_SELECT} ORDER BY p.region_code, p.number_type`);
      return rows.map(productFromRow);
    },
    async getProduct(regionCode: string, numberType: NumberType) {
      const row = await db.get<ProductRow>(
        `${PRODUCT_SELECT} WHERE p.region_code = $1 AND p.number_type = $2`,
        [regionCode, numberType],
      );
      return row && productFromRow(row);
    },
    async searchAvailable(search) {
      const params = new Params();
      const { sql, prepare } = searchSelect(dialect, search, params, INVENTORY_COLUMNS);
      const rows = await db.all<InventoryDbRow>(`${sql} LIMIT ${params.add(search.limit)}`, params.values, {
        prepare,
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
  };
}
