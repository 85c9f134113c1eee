// Deterministic seed inventory: the phone numbers a fresh store offers for sale.
//
// Same size and seed always give the same sequence, so a store can be rebuilt identically and
// tests can refer to concrete numbers.

import { capabilityMask, type NumberType, productFor } from './products.js';
import { callingCodeOf, listRegionTypes, numberSampler } from './regions.js';
import { fnv1a, mulberry32 } from './seededRandom.js';

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

/** How many numbers generateInventory() yields at most: fewer when a pair's space runs out. */
export function inventoryTarget(size: InventorySize): number {
  return listRegionTypes().reduce(
    (sum, { regionCode, numberType }) =>
      sum + (regionCode === 'US' && numberType === 'LOCAL' ? size.usLocal : size.perType),
    0,
  );
}

/**
 * Yields, for every pair of listRegionTypes() (in that order), up to `perType` distinct valid
 * numbers (`usLocal` for US LOCAL) — fewer only when the pair's number space runs out.
 */
export function* generateInventory(
  size: InventorySize,
  seed: number = DEFAULT_INVENTORY_SEED,
): Generator<InventoryNumber> {
  for (const { regionCode, numberType } of listRegionTypes()) {
    yield* generatePair(regionCode, numberType, size, seed);
  }
}

/** One pair's share of generateInventory(), in the same order. */
function* generatePair(
  regionCode: string,
  numberType: NumberType,
  size: InventorySize,
  seed: number,
): Generator<InventoryNumber> {
  const target = regionCode === 'US' && numberType === 'LOCAL' ? size.usLocal : size.perType;
  const sampler = numberSampler(regionCode, numberType);
  if (!sampler || target <= 0) return;
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

/**
 * The seed inventory as a store loads it: generateInventory() followed by `extra`, each number
 * once (a later repeat replaces an earlier one), in ascending E.164 order (UTF-16 code units,
 * as `<` compares). Equal to
 *
 *   [...new Map([...generateInventory(size, seed), ...extra].map((n) => [n.e164, n])).values()]
 *     .sort((a, b) => (a.e164 < b.e164 ? -1 : 1))
 *
 * but it holds one calling code's numbers at a time instead of all of them (the biggest, +1, is
 * about a quarter of the default inventory): country calling codes are prefix-free, so the
 * numbers of calling code "1" all sort before those of "20", "20" before "211", and so on. It
 * only relies on that, and merges a code with any code it is a prefix of, should one appear.
 */
export function* sortedInventory(
  size: InventorySize,
  extra: readonly InventoryNumber[] = [],
  seed: number = DEFAULT_INVENTORY_SEED,
): Generator<InventoryNumber> {
  type Pair = { regionCode: string; numberType: NumberType; index: number };
  const pairsByCode = new Map<string, Pair[]>();
  listRegionTypes().forEach(({ regionCode, numberType }, index) => {
    const code = callingCodeOf(regionCode);
    const pairs = pairsByCode.get(code) ?? [];
    pairs.push({ regionCode, numberType, index });
    pairsByCode.set(code, pairs);
  });
  for (const n of extra) {
    const code = callingCodeOf(n.regionCode);
    if (!n.e164.startsWith(`+${code}`)) throw new Error(`${n.e164} does not belong to ${n.regionCode}`);
    if (!pairsByCode.has(code)) pairsByCode.set(code, []);
  }
  // Groups of codes in ascending order, a code joining the group of a code that prefixes it.
  const groups: string[][] = [];
  for (const code of [...pairsByCode.keys()].sort()) {
    const last = groups.at(-1);
    if (last && code.startsWith(last[0])) last.push(code);
    else groups.push([code]);
  }
  for (const codes of groups) {
    // generateInventory() order within the group: pairs in catalogue order, then the extras.
    const pairs = codes.flatMap((code) => pairsByCode.get(code)!).sort((a, b) => a.index - b.index);
    // Numbers map to their pair's position in `pairs` rather than to an object each: a third of
    // the memory, and the objects yielded below die young instead of filling the old generation.
    const numbers = new Map<string, number | InventoryNumber>();
    const capabilities = pairs.map((p) =>
      capabilityMask(productFor(p.regionCode, p.numberType).capabilities),
    );
    pairs.forEach(({ regionCode, numberType }, i) => {
      for (const n of generatePair(regionCode, numberType, size, seed)) numbers.set(n.e164, i);
    });
    for (const n of extra) if (codes.includes(callingCodeOf(n.regionCode))) numbers.set(n.e164, n);
    // The default sort compares strings by UTF-16 code units, as `<` does.
    for (const e164 of [...numbers.keys()].sort()) {
      const n = numbers.get(e164)!;
      if (typeof n !== 'number') yield n;
      else
        yield {
          e164,
          regionCode: pairs[n].regionCode,
          numberType: pairs[n].numberType,
          capabilities: capabilities[n],
        };
    }
  }
}
