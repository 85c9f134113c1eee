import {
  capabilitiesFromMask,
  capabilityMask,
  type NumberType,
  type Product,
} from '../domain/inventory/products.js';
import type { ActiveNumberRecord, InventoryRow } from '../domain/numbers/activeNumber.js';
import type { NumberPattern } from '../domain/numbers/patterns.js';

/** Row mapping and SQL fragments both adapters share. */

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

export function productToRow(p: Product): ProductRow {
  return {
    region_code: p.regionCode,
    number_type: p.numberType,
    currency_code: p.currencyCode,
    setup_price: p.setupPrice,
    monthly_price: p.monthlyPrice,
    payment_interval_months: p.paymentIntervalMonths,
    capabilities: capabilityMask(p.capabilities),
    supporting_documentation_required: p.supportingDocumentationRequired ? 1 : 0,
  };
}

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

/** The columns of `active_numbers` for a record (`record` is the JSON document). */
export function activeToRow(record: ActiveNumberRecord, numberId: number) {
  return {
    phone_number: record.phoneNumber,
    project_id: record.projectId,
    number_id: numberId,
    region_code: record.regionCode,
    number_type: record.numberType,
    capabilities: record.capabilities,
    display_name: record.displayName,
    expire_at: record.expireAt,
    record: JSON.stringify(record),
  };
}

export function activeFromRow(row: { record: string | ActiveNumberRecord }): ActiveNumberRecord {
  return typeof row.record === 'string' ? JSON.parse(row.record) : row.record;
}

/** A LIKE operand for matching active numbers (patterns hold only `+` and digits). */
export function likeOperand({ pattern, searchPattern }: NumberPattern): string {
  if (searchPattern === 'START') return `${pattern}%`;
  if (searchPattern === 'END') return `%${pattern}`;
  return `%${pattern}%`;
}

/** Capability masks are computed integers, so they can be inlined (keeps statements cacheable). */
export function masksSql(masks: number[]): string {
  return masks.map((m) => String(Math.trunc(m))).join(',');
}
