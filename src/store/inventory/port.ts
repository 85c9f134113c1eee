import type { AuditEntry } from '../../domain/admin/audit.js';
import type { InventoryNumber, InventoryPlan } from '../../domain/inventory/generate.js';
import type { NumberType, Product } from '../../domain/inventory/products.js';
import type { InventoryLoadProgress } from '../../domain/inventory/progress.js';
import type { InventoryRow } from '../../domain/numbers/activeNumber.js';
import type { NumberPattern } from '../../domain/numbers/patterns.js';

export interface AvailableSearch {
  regionCode: string;
  numberType: NumberType;
  pattern?: NumberPattern;
  /** Stored capability masks that satisfy the requested capabilities; omitted for "any". */
  capabilityMasks?: number[];
  limit: number;
}

/** How many numbers of a (region, type) are for sale, held by a number order, and rented. */
export interface InventoryCount {
  regionCode: string;
  numberType: NumberType;
  available: number;
  reserved: number;
  active: number;
}

/** Why a number cannot join the inventory: it is in it already (any status), imported, or being hosted. */
export type InventoryConflict = 'inventory' | 'imported' | 'hosting';

/** A product with when an operator last set its prices (null: the generated price table's). */
export interface PricedProduct extends Product {
  priceSetAt: number | null;
}

export interface Price {
  currencyCode: string;
  setupPrice: string;
  monthlyPrice: string;
}

export interface InventoryImport {
  numbers: readonly InventoryNumber[];
  /** The product of every pair the numbers belong to, created as given if missing. */
  products: readonly Product[];
  audit: readonly AuditEntry[];
}

export type { InventoryLoadProgress } from '../../domain/inventory/progress.js';

/** Where the numbers of the groups not loaded yet come from (the seed inventory's plan). */
export type InventoryGroupSource = InventoryPlan;

/** What an operation reads of the inventory: a region's numbers, or these numbers. */
export type InventoryScope = { regionCode: string } | { e164s: readonly string[] };

export interface InventoryPort {
  /** Whether the first start wrote the products already (and the numbers, or their plan). */
  isSeeded(): Promise<boolean>;
  /** Loads products and numbers in bulk, all at once; safe when two processes try at once. */
  seed(products: Product[], numbers: Iterable<InventoryNumber>): Promise<void>;
  /**
   * The first start's fast part: writes the products, once (false when they were written
   * already); the numbers load by group (`loadAll`, `ensureLoaded`) from the source given to
   * `setSource`.
   */
  seedProducts(products: Product[]): Promise<boolean>;
  /** The numbers of the groups not loaded yet; without a source every group counts as loaded. */
  setSource(source: InventoryGroupSource): void;
  /** Whether every group is loaded (a store seeded in bulk, or by an earlier version, is). */
  isFullyLoaded(): Promise<boolean>;
  /**
   * Loads the groups a scope needs, or waits for another process loading them: the one rule
   * every reader of a region's or a number's inventory row goes through (modules.ts).
   */
  ensureLoaded(scope: InventoryScope): Promise<void>;
  /**
   * Loads every group not loaded yet, in the source's order (+1 first), sharing a group with an
   * `ensureLoaded` that loads it; resolves with the numbers it wrote, once all are loaded (or
   * the store closes).
   */
  loadAll(onProgress?: (event: InventoryLoadProgress) => void): Promise<number>;
  /** Products; one with a stored KYC policy always needs supporting documentation. */
  listProducts(): Promise<Product[]>;
  getProduct(regionCode: string, numberType: NumberType): Promise<Product | undefined>;
  searchAvailable(search: AvailableSearch): Promise<InventoryRow[]>;
  /**
   * What a search shows a customer: the pair's product and the numbers for sale it finds, read
   * together (one look at what other processes changed, where the store keeps that in memory);
   * undefined when the pair has no product.
   */
  offers(search: AvailableSearch): Promise<{ product: Product; rows: InventoryRow[] } | undefined>;
  getAvailable(e164: string): Promise<InventoryRow | undefined>;
  /** Available numbers among the loaded groups. */
  countAvailable(): Promise<number>;
  /**
   * Per (region, type) the inventory holds numbers of, in region and type order; without a region,
   * the groups loaded so far.
   */
  summary(filter: { regionCode?: string; numberType?: NumberType }): Promise<InventoryCount[]>;
  /** The numbers of the list that cannot join the inventory, and why. */
  conflicts(e164s: readonly string[]): Promise<Map<string, InventoryConflict>>;
  /**
   * Adds the numbers as available, in one transaction with their products (missing ones are
   * created; existing ones gain the numbers' capabilities), the counts and the audit entries;
   * nothing when one of them conflicts (returned instead, also when a race lost).
   */
  importNumbers(
    batch: InventoryImport,
  ): Promise<{ imported: number } | { conflicts: Map<string, InventoryConflict> }>;
  /** Products with their prices, in region and type order. */
  listPrices(filter: { regionCode?: string; numberType?: NumberType }): Promise<PricedProduct[]>;
  /**
   * Sets a product's prices at `at` and writes `audit(before)` with them; undefined when there is
   * no such product.
   */
  setPrice(
    regionCode: string,
    numberType: NumberType,
    price: Price,
    at: number,
    audit: (before: PricedProduct) => AuditEntry[],
  ): Promise<PricedProduct | undefined>;
}

/** The dialect's bulk load: writes the products and numbers in one transaction, once. */
export type SeedInventory = InventoryPort['seed'];
