import type { InventoryNumber } from '../../domain/inventory/generate.js';
import type { NumberType, Product } from '../../domain/inventory/products.js';
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

export interface InventoryPort {
  /** Whether products and numbers were loaded already (the first start loads them). */
  isSeeded(): Promise<boolean>;
  /** Loads products and numbers in bulk; safe when two processes try at once. */
  seed(products: Product[], numbers: Iterable<InventoryNumber>): Promise<void>;
  /** Products; one with a stored KYC policy always needs supporting documentation. */
  listProducts(): Promise<Product[]>;
  getProduct(regionCode: string, numberType: NumberType): Promise<Product | undefined>;
  searchAvailable(search: AvailableSearch): Promise<InventoryRow[]>;
  getAvailable(e164: string): Promise<InventoryRow | undefined>;
  countAvailable(): Promise<number>;
}

/** The dialect's bulk load: writes the products and numbers in one transaction, once. */
export type SeedInventory = InventoryPort['seed'];
