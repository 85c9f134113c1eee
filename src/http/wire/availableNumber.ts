import { capabilitiesFromMask, type Product } from '../../domain/inventory/products.js';
import type { InventoryRow } from '../../domain/numbers/activeNumber.js';

/**
 * An available number on the wire: the inventory row priced by its product (contract §3). Its
 * capabilities are the number's own: an imported number may do less than its product.
 */
export function toWireAvailableNumber({ row, product }: { row: InventoryRow; product: Product }) {
  return {
    phoneNumber: row.e164,
    regionCode: row.regionCode,
    type: row.numberType,
    capability: capabilitiesFromMask(row.capabilities),
    setupPrice: { currencyCode: product.currencyCode, amount: product.setupPrice },
    monthlyPrice: { currencyCode: product.currencyCode, amount: product.monthlyPrice },
    paymentIntervalMonths: product.paymentIntervalMonths,
    supportingDocumentationRequired: product.supportingDocumentationRequired,
  };
}
