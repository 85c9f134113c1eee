// Deterministic seed inventory: the phone numbers a fresh store offers for sale.
//
// Same size and seed always give the same sequence, so a store can be rebuilt identically and
// tests can refer to concrete numbers.

import { capabilityMask, type NumberType, productFor } from './products.js';
import { fnv1a, listRegionTypes, mulberry32, numberSampler } from './regions.js';

export interface InventoryNumber {
  e164: string;
  regionCode: string;
  numberType: NumberType;
  capabilities: number; // capabilityMask() of the product's capabilities
}

export interface InventorySize {
  perType: number; // numbers per region/type pair
  usLocal: number; // US LOCAL is what most clients search, so it gets its own, larger, count
}

export const DEFAULT_INVENTORY_SIZE: InventorySize = { perType: 1000, usLocal: 100_000 };

export const DEFAULT_INVENTORY_SEED = 1;

// Draws allowed per wanted number before giving up on a pair. Most pairs need ~1 draw per number;
// the slack covers pairs whose draws are mostly rejected (DO mobile: ~4% are MOBILE, the rest
// FIXED_LINE_OR_MOBILE) and pairs whose whole number space is smaller than the target (VU
// toll-free: 200 numbers), which must stop rather than spin.
const ATTEMPTS_PER_NUMBER = 50;
const MIN_ATTEMPTS = 2000;

/**
 * Yields, for every pair of listRegionTypes() (in that order), up to `perType` distinct valid
 * numbers (`usLocal` for US LOCAL) — fewer only when the pair's number space runs out.
 */
export function* generateInventory(
  size: InventorySize,
  seed: number = DEFAULT_INVENTORY_SEED,
): Generator<InventoryNumber> {
  for (const { regionCode, numberType } of listRegionTypes()) {
    const target = regionCode === 'US' && numberType === 'LOCAL' ? size.usLocal : size.perType;
    const sampler = numberSampler(regionCode, numberType);
    if (!sampler || target <= 0) continue;
    const capabilities = capabilityMask(productFor(regionCode, numberType).capabilities);
    // One generator per pair, so changing one pair's size or rules leaves the others unchanged.
    const rng = mulberry32(fnv1a(`${seed}:${regionCode}:${numberType}`));
    const seen = new Set<string>();
    const maxAttempts = Math.max(MIN_ATTEMPTS, target * ATTEMPTS_PER_NUMBER);
    for (let attempt = 0; attempt < maxAttempts && seen.size < target; attempt++) {
      const nationalNumber = sampler.next(rng);
      if (nationalNumber === undefined || seen.has(nationalNumber)) continue;
      seen.add(nationalNumber);
      yield { e164: `+${sampler.callingCode}${nationalNumber}`, regionCode, numberType, capabilities };
    }
  }
}
