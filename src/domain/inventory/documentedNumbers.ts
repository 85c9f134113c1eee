import { parsePhoneNumber } from 'libphonenumber-js/max';
import type { InventoryNumber } from './generate.js';
import { capabilityMask, type NumberType, productFor } from './products.js';

/**
 * Numbers that the documentation's own examples use, added to the generated inventory so those
 * examples work literally against a fresh store: the Number Order guide orders +61411111112
 * (seed 001), and the SDK e2e rentAny example rents +12017654321 (contract §3.5).
 */
const DOCUMENTED: ReadonlyArray<{ e164: string; regionCode: string; numberType: NumberType }> = [
  { e164: '+61411111112', regionCode: 'AU', numberType: 'MOBILE' },
  { e164: '+12017654321', regionCode: 'US', numberType: 'LOCAL' },
];

export function documentedNumbers(): InventoryNumber[] {
  return DOCUMENTED.map(({ e164, regionCode, numberType }) => {
    const parsed = parsePhoneNumber(e164);
    if (!parsed.isValid()) throw new Error(`Documented number ${e164} is not valid`);
    return {
      e164,
      regionCode,
      numberType,
      capabilities: capabilityMask(productFor(regionCode, numberType).capabilities),
    };
  });
}
