import {
  capabilitiesFromMask,
  capabilityMask,
  type NumberType,
  type Product,
} from '../../domain/inventory/products.js';
import type { InventoryRow } from '../../domain/numbers/activeNumber.js';

export interface ProductRow {
  region_code: string;
  number_type: string;
  currency_code: string;
  setup_price: string;
  monthly_price: string;
  payment_interval_months: number;
  capabilities: number;
  supporting_documentation_required: number | boolean;
}

export function productFromRow(row: ProductRow): Product {
  return {
    regionCode: row.region_code,
    numberType: row.number_type as NumberType,
    currencyCode: row.currency_code,
    setupPrice: row.setup_price,
    monthlyPrice: row.monthly_price,
    paymentIntervalMonths: Number(row.payment_interval_months),
    capabilities: capabilitiesFromMask(Number(row.capabilities)),
    supportingDocumentationRequired: Boolean(row.supporting_documentation_required),
  };
}

/** Parameters of INSERT_PRODUCT. */
export function productParams(p: Product): unknown[] {
  return [
    p.regionCode,
    p.numberType,
    p.currencyCode,
    p.setupPrice,
    p.monthlyPrice,
    p.paymentIntervalMonths,
    capabilityMask(p.capabilities),
    p.supportingDocumentationRequired,
  ];
}

export const INVENTORY_COLUMNS = 'id, e164, region_code, number_type, capabilities';

export interface InventoryDbRow {
  id: number | string;
  e164: string;
  region_code: string;
  number_type: string;
  capabilities: number;
}

export function inventoryFromRow(row: InventoryDbRow): InventoryRow {
  return {
    id: Number(row.id),
    e164: row.e164,
    regionCode: row.region_code,
    numberType: row.number_type as NumberType,
    capabilities: Number(row.capabilities),
  };
}
