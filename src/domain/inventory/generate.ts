// Deterministic seed inventory: the phone numbers a fresh store offers for sale.
//
// Same size and seed always give the same sequence, so a store can be rebuilt identically and
// tests can refer to concrete numbers.

import { capabilityMask, type NumberType, productFor } from './products.js';
import { callingCodeOf, isKnownRegion, listRegionTypes, numberSampler } from './regions.js';
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

/** One pair of a group: its place in listRegionTypes() and its products' capability mask. */
interface GroupPair {
  regionCode: string;
  numberType: NumberType;
  index: number;
  capabilities: number;
}

/**
 * A calling-code group of the seed inventory: the unit a store loads at once (docs/decisions.md,
 * "The inventory loads lazily"). Country calling codes are prefix-free, so a group's numbers are
 * exactly those starting with `+` and one of its codes, and no two groups share a number: the
 * union of the groups is the same whatever order they are generated in.
 */
export interface InventoryGroup {
  /** Its key: the group's shortest calling code (in practice its only one). */
  code: string;
  /** Its calling codes, ascending: `code` and any code that `code` is a prefix of. */
  codes: readonly string[];
  /** Its pairs, in listRegionTypes() order. */
  pairs: readonly GroupPair[];
  /** The extra numbers that belong to it, in the order given. */
  extra: readonly InventoryNumber[];
}

/**
 * The seed inventory's groups in ascending code order, with `extra` joining the group of its
 * region's calling code. Codes are merged with any code they are a prefix of, should one appear.
 */
export function inventoryGroups(extra: readonly InventoryNumber[] = []): InventoryGroup[] {
  const pairsByCode = new Map<string, GroupPair[]>();
  listRegionTypes().forEach(({ regionCode, numberType }, index) => {
    const code = callingCodeOf(regionCode);
    const pairs = pairsByCode.get(code) ?? [];
    const capabilities = capabilityMask(productFor(regionCode, numberType).capabilities);
    pairs.push({ regionCode, numberType, index, capabilities });
    pairsByCode.set(code, pairs);
  });
  for (const n of extra) {
    const code = callingCodeOf(n.regionCode);
    if (!n.e164.startsWith(`+${code}`)) throw new Error(`${n.e164} does not belong to ${n.regionCode}`);
    if (!pairsByCode.has(code)) pairsByCode.set(code, []);
  }
  const codeGroups: string[][] = [];
  for (const code of [...pairsByCode.keys()].sort()) {
    const last = codeGroups.at(-1);
    if (last && code.startsWith(last[0])) last.push(code);
    else codeGroups.push([code]);
  }
  return codeGroups.map((codes) => ({
    code: codes[0],
    codes,
    pairs: codes.flatMap((code) => pairsByCode.get(code)!).sort((a, b) => a.index - b.index),
    extra: extra.filter((n) => codes.includes(callingCodeOf(n.regionCode))),
  }));
}

/** Numbers generated between two pause points of groupInventory(). */
const PAUSE_EVERY = 5000;

/**
 * One group's share of sortedInventory(), in the same order; `null` now and then while it
 * generates (every few thousand numbers, before the first is yielded): a point where a caller
 * serving requests meanwhile may let them run. Generating the biggest group (+1) takes seconds.
 */
export function* groupInventory(
  group: InventoryGroup,
  size: InventorySize,
  seed: number = DEFAULT_INVENTORY_SEED,
): Generator<InventoryNumber | null> {
  // Numbers map to their pair's position in `pairs` rather than to an object each: a third of
  // the memory, and the objects yielded below die young instead of filling the old generation.
  const numbers = new Map<string, number | InventoryNumber>();
  const { pairs } = group;
  let sincePause = 0;
  for (let i = 0; i < pairs.length; i++) {
    // generateInventory() order within the group: pairs in catalogue order, then the extras (a
    // later repeat replaces an earlier one).
    for (const n of generatePair(pairs[i].regionCode, pairs[i].numberType, size, seed)) {
      numbers.set(n.e164, i);
      if (++sincePause === PAUSE_EVERY) {
        sincePause = 0;
        yield null;
      }
    }
  }
  for (const n of group.extra) numbers.set(n.e164, n);
  // The default sort compares strings by UTF-16 code units, as `<` does.
  const sorted = [...numbers.keys()].sort();
  yield null;
  for (const e164 of sorted) {
    const n = numbers.get(e164)!;
    if (typeof n !== 'number') yield n;
    else
      yield {
        e164,
        regionCode: pairs[n].regionCode,
        numberType: pairs[n].numberType,
        capabilities: pairs[n].capabilities,
      };
  }
}

/** The seed inventory of a size, as a store loads it lazily: group by group. */
export interface InventoryPlan {
  /** The groups' keys (InventoryGroup.code), ascending. */
  readonly groups: readonly string[];
  /** The key of the group that holds a region's numbers; undefined for an unknown region. */
  groupOfRegion(regionCode: string): string | undefined;
  /** The key of the group a number would belong to (its calling code's); undefined when none. */
  groupOfNumber(e164: string): string | undefined;
  /** groupInventory() of the group with this key. */
  numbers(code: string): Generator<InventoryNumber | null>;
}

export function inventoryPlan(
  size: InventorySize,
  extra: readonly InventoryNumber[] = [],
  seed: number = DEFAULT_INVENTORY_SEED,
): InventoryPlan {
  const groups = inventoryGroups(extra);
  const byCode = new Map<string, InventoryGroup>();
  for (const group of groups) for (const code of group.codes) byCode.set(code, group);
  const longest = Math.max(...[...byCode.keys()].map((code) => code.length));
  return {
    groups: groups.map((g) => g.code),
    groupOfRegion(regionCode) {
      return isKnownRegion(regionCode) ? byCode.get(callingCodeOf(regionCode))?.code : undefined;
    },
    groupOfNumber(e164) {
      // Codes are prefix-free: at most one is a prefix of the number.
      for (let length = 1; length <= longest; length++) {
        const group = byCode.get(e164.slice(1, 1 + length));
        if (group) return group.code;
      }
      return undefined;
    },
    numbers(code) {
      const group = byCode.get(code);
      if (!group || group.code !== code) throw new Error(`no inventory group ${code}`);
      return groupInventory(group, size, seed);
    },
  };
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
 * numbers of calling code "1" all sort before those of "20", "20" before "211", and so on
 * (inventoryGroups()). It is the groups' numbers, group after group.
 */
export function* sortedInventory(
  size: InventorySize,
  extra: readonly InventoryNumber[] = [],
  seed: number = DEFAULT_INVENTORY_SEED,
): Generator<InventoryNumber> {
  for (const group of inventoryGroups(extra)) {
    for (const n of groupInventory(group, size, seed)) if (n) yield n;
  }
}
