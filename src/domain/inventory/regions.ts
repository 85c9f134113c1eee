// Which regions sell which number types, and how to draw valid numbers for them.
//
// Everything is derived from libphonenumber-js's "max" metadata (the same object that
// 'libphonenumber-js/max' validates against). parsePhoneNumber() costs 15-30 µs per call, far too
// slow for generating ~10^5-10^6 numbers, so this module compiles the metadata's per-type regexes
// once and re-implements the two decisions parsePhoneNumber(e164).getType() makes:
//   1. which region of a shared calling code (+1, +44, +7, ...) the number belongs to, and
//   2. which type (FIXED_LINE, MOBILE, TOLL_FREE, ...) it is within that region.
// The tests check generated numbers against the real parsePhoneNumber().

import { getCountries } from 'libphonenumber-js/max';
import metadata from 'libphonenumber-js/metadata.max.json';
import type { NumberType } from './products.js';

export interface RegionInfo {
  regionCode: string;
  regionName: string;
  types: NumberType[];
}

// Positions in a region's compact metadata array (libphonenumber-js metadata format version 4,
// see its METADATA.md). Checked below so a format change fails loudly instead of silently
// producing an empty inventory.
const NATIONAL_NUMBER_PATTERN = 2;
const POSSIBLE_LENGTHS = 3;
const NATIONAL_PREFIX = 5;
const NATIONAL_PREFIX_FOR_PARSING = 7;
const NATIONAL_PREFIX_TRANSFORM_RULE = 8;
const LEADING_DIGITS = 10;
const TYPES = 11;
if (metadata.version !== 4)
  throw new Error(`unsupported libphonenumber-js metadata version ${metadata.version}`);

// libphonenumber types in the order of the metadata's types array.
const LIB_TYPES = [
  'FIXED_LINE',
  'MOBILE',
  'TOLL_FREE',
  'PREMIUM_RATE',
  'PERSONAL_NUMBER',
  'VOICEMAIL',
  'UAN',
  'PAGER',
  'VOIP',
  'SHARED_COST',
] as const;
type LibType = (typeof LIB_TYPES)[number] | 'FIXED_LINE_OR_MOBILE';
// The order in which libphonenumber tries types after FIXED_LINE (helpers/getNumberType.js).
const NON_FIXED_LINE_TYPES: LibType[] = [
  'MOBILE',
  'PREMIUM_RATE',
  'TOLL_FREE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
];
const TYPE_ORDER: NumberType[] = ['LOCAL', 'MOBILE', 'TOLL_FREE'];
// The metadata type whose pattern a wire type's numbers are drawn from.
const SOURCE_TYPE: Record<NumberType, LibType> = {
  LOCAL: 'FIXED_LINE',
  MOBILE: 'MOBILE',
  TOLL_FREE: 'TOLL_FREE',
};

function typeMatches(libType: LibType | undefined, numberType: NumberType): boolean {
  if (numberType === 'LOCAL') return libType === 'FIXED_LINE' || libType === 'FIXED_LINE_OR_MOBILE';
  return libType === numberType;
}

// ---------------------------------------------------------------------------------------------
// Compiled numbering plans

interface TypeRule {
  source: string; // '' means "same as fixed line" (libphonenumber drops duplicate patterns)
  re: RegExp;
  lengths: number[];
}

interface Plan {
  region: string;
  callingCode: string;
  general: RegExp;
  leadingDigits: RegExp | undefined;
  nationalPrefix: RegExp | undefined; // national prefix (and carrier code) pattern, anchored at start
  nationalPrefixTransform: string | undefined;
  rules: Map<LibType, TypeRule>;
}

// Same anchoring as libphonenumber's matchesEntirely().
const whole = (pattern: string) => new RegExp(`^(?:${pattern})$`);

const plans = new Map<string, Plan>();
function plan(region: string): Plan {
  let compiled = plans.get(region);
  if (compiled) return compiled;
  // biome-ignore lint/suspicious/noExplicitAny: the compact metadata arrays are typed any[] upstream
  const raw = (metadata.countries as Record<string, any[]>)[region];
  const lengths: number[] = raw[POSSIBLE_LENGTHS] || [];
  const prefix: string | undefined = raw[NATIONAL_PREFIX_FOR_PARSING] || raw[NATIONAL_PREFIX] || undefined;
  const rules = new Map<LibType, TypeRule>();
  (raw[TYPES] || []).forEach((t: [string, number[]?] | 0, i: number) => {
    if (t) rules.set(LIB_TYPES[i], { source: t[0], re: whole(t[0]), lengths: t[1] ?? lengths });
  });
  compiled = {
    region,
    callingCode: raw[0],
    general: whole(raw[NATIONAL_NUMBER_PATTERN]),
    leadingDigits: raw[LEADING_DIGITS] ? new RegExp(`^(?:${raw[LEADING_DIGITS]})`) : undefined,
    nationalPrefix: prefix ? new RegExp(`^(?:${prefix})`) : undefined,
    nationalPrefixTransform: raw[NATIONAL_PREFIX_TRANSFORM_RULE] || undefined,
    rules,
  };
  plans.set(region, compiled);
  return compiled;
}

function isType(p: Plan, type: LibType, nationalNumber: string): boolean {
  const rule = p.rules.get(type);
  return (
    !!rule &&
    rule.source !== '' &&
    rule.lengths.includes(nationalNumber.length) &&
    rule.re.test(nationalNumber)
  );
}

/** libphonenumber's getNumberType() for a national number within one region's plan. */
function classify(p: Plan, nationalNumber: string): LibType | undefined {
  if (!p.general.test(nationalNumber)) return undefined;
  if (isType(p, 'FIXED_LINE', nationalNumber)) {
    const mobile = p.rules.get('MOBILE');
    if (!mobile || mobile.source === '' || isType(p, 'MOBILE', nationalNumber)) return 'FIXED_LINE_OR_MOBILE';
    return 'FIXED_LINE';
  }
  return NON_FIXED_LINE_TYPES.find((t) => isType(p, t, nationalNumber));
}

const callingCodeRegions = metadata.country_calling_codes as Record<string, string[]>;

/** The region parsePhoneNumber() attributes a number to (helpers/getCountryByNationalNumber.js). */
function resolveRegion(callingCode: string, nationalNumber: string): string | undefined {
  const regions = callingCodeRegions[callingCode];
  if (regions.length === 1) return regions[0];
  for (const region of regions) {
    const p = plan(region);
    if (p.leadingDigits ? p.leadingDigits.test(nationalNumber) : classify(p, nationalNumber)) return region;
  }
  return undefined;
}

/**
 * parsePhoneNumber() strips a national prefix even from international input, using the rules
 * of the calling code's main region (helpers/extractNationalNumber.js), unless the unstripped
 * digits match the national pattern and the stripped ones do not. E.g. JP toll-free
 * 0037681xxxxxxx would lose '0037681' and parse as a different number. Such draws are
 * rejected; the check is conservative (it skips libphonenumber's final length test).
 */
function survivesPrefixStripping(main: Plan, nationalNumber: string): boolean {
  const match = main.nationalPrefix?.exec(nationalNumber);
  if (!match) return true;
  const lastGroup = match.length > 1 ? match[match.length - 1] : undefined;
  const stripped =
    main.nationalPrefixTransform && lastGroup
      ? nationalNumber.replace(main.nationalPrefix!, main.nationalPrefixTransform)
      : nationalNumber.slice(match[0].length);
  return stripped === nationalNumber || (main.general.test(nationalNumber) && !main.general.test(stripped));
}

// FNV-1a; stable across runs and platforms, unlike anything keyed on object identity.
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Whether `nationalNumber`, dialled with the region's calling code, is a valid number of
 * `numberType` that belongs to `region`.
 *
 * Some numbers legitimately belong to several regions: NANPA toll-free (+1 8xx) is valid for
 * US and CA alike, but parsePhoneNumber() reports the first region in metadata order (US). Such
 * a number is given to exactly one of the regions that could claim it (those whose leading
 * digits allow it and whose own metadata types it the same), chosen by hash — so inventory
 * stays globally unique while CA still gets toll-free numbers.
 */
function belongsTo(p: Plan, numberType: NumberType, nationalNumber: string): boolean {
  const regions = callingCodeRegions[p.callingCode];
  if (!survivesPrefixStripping(plan(regions[0]), nationalNumber)) return false;
  const resolved = resolveRegion(p.callingCode, nationalNumber);
  if (!resolved || !typeMatches(classify(plan(resolved), nationalNumber), numberType)) return false;
  if (regions.length === 1) return true;
  const claimants = regions.filter((region) => {
    const q = plan(region);
    return (
      (!q.leadingDigits || q.leadingDigits.test(nationalNumber)) &&
      typeMatches(classify(q, nationalNumber), numberType)
    );
  });
  return claimants[fnv1a(nationalNumber) % claimants.length] === p.region;
}

// ---------------------------------------------------------------------------------------------
// Drawing random strings from metadata regexes
//
// The patterns use a small regex subset: digits, \d, [..] classes with ranges, (?:..) groups,
// | alternation and the quantifiers ?, {n}, {n,m}. Drawing directly from the pattern makes almost
// every draw valid, even for regions whose valid numbers are a tiny fraction of all digit
// strings (random digits would need thousands of tries there).

type Node =
  | { kind: 'digits'; digits: string }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; options: Node[]; weights: number[]; total: number }
  | { kind: 'repeat'; node: Node; min: number; max: number };

function parsePattern(source: string): Node {
  let pos = 0;
  const fail = (): never => {
    throw new Error(`unsupported metadata pattern at ${pos}: ${source}`);
  };
  const alt = (): Node => {
    const options = [seq()];
    while (source[pos] === '|') {
      pos++;
      options.push(seq());
    }
    if (options.length === 1) return options[0];
    const weights = options.map(share);
    return { kind: 'alt', options, weights, total: weights.reduce((a, b) => a + b, 0) };
  };
  const seq = (): Node => {
    const items: Node[] = [];
    while (pos < source.length && source[pos] !== '|' && source[pos] !== ')') items.push(quantified(atom()));
    return items.length === 1 ? items[0] : { kind: 'seq', items };
  };
  const atom = (): Node => {
    const c = source[pos++];
    if (c >= '0' && c <= '9') return { kind: 'digits', digits: c };
    if (c === '\\' && source[pos++] === 'd') return { kind: 'digits', digits: '0123456789' };
    if (c === '[') {
      const end = source.indexOf(']', pos);
      if (end < 0) fail();
      // Expand ranges: '[2-57-9]' -> '2345789'.
      const body = source.slice(pos, end).replace(/(\d)-(\d)/g, (_, from: string, to: string) => {
        let range = '';
        for (let d = Number(from); d <= Number(to); d++) range += d;
        return range;
      });
      if (!/^\d+$/.test(body)) fail();
      pos = end + 1;
      return { kind: 'digits', digits: body };
    }
    if (c === '(' && source.startsWith('?:', pos)) {
      pos += 2;
      const inner = alt();
      if (source[pos++] !== ')') fail();
      return inner;
    }
    return fail();
  };
  const quantified = (node: Node): Node => {
    if (source[pos] === '?') {
      pos++;
      return { kind: 'repeat', node, min: 0, max: 1 };
    }
    const m = /^\{(\d+)(?:,(\d+))?\}/.exec(source.slice(pos));
    if (!m) return node;
    pos += m[0].length;
    return { kind: 'repeat', node, min: Number(m[1]), max: Number(m[2] ?? m[1]) };
  };
  const root = alt();
  if (pos !== source.length) fail();
  return root;
}

// The share of digit strings a node matches (of the lengths it matches, ignoring overlaps):
// the chance that random digits would match it. Alternatives are drawn in proportion to it, so
// numbers spread like real allocations: an option covering many area codes gets more numbers
// than one exchange listed beside it. Raw string counts would instead favour whichever option
// is longest (DE's odd 13-digit '49[1-6]\d{10}' block would outweigh all area codes).
function share(node: Node): number {
  switch (node.kind) {
    case 'digits':
      return node.digits.length / 10;
    case 'seq':
      return node.items.reduce((n, item) => n * share(item), 1);
    case 'alt':
      return node.total;
    case 'repeat': {
      // Lengths are drawn uniformly (see draw()), so average over them.
      const s = share(node.node);
      let sum = 0;
      for (let k = node.min; k <= node.max; k++) sum += s ** k;
      return sum / (node.max - node.min + 1);
    }
  }
}

function draw(node: Node, rng: () => number): string {
  switch (node.kind) {
    case 'digits':
      return node.digits[Math.floor(rng() * node.digits.length)];
    case 'seq': {
      let out = '';
      for (const item of node.items) out += draw(item, rng);
      return out;
    }
    case 'alt': {
      let r = rng() * node.total;
      for (let i = 0; i < node.options.length; i++) {
        r -= node.weights[i];
        if (r < 0) return draw(node.options[i], rng);
      }
      return draw(node.options[node.options.length - 1], rng);
    }
    case 'repeat': {
      let out = '';
      const times = node.min + Math.floor(rng() * (node.max - node.min + 1));
      for (let i = 0; i < times; i++) out += draw(node.node, rng);
      return out;
    }
  }
}

/**
 * A function drawing national numbers for one region/type pair: each call returns a number that
 * parsePhoneNumber('+' + callingCode + it) validates as this region's `numberType`, or
 * undefined when the draw was rejected (wrong length, claimed by a higher-priority type or by
 * another region). Returns undefined when the region has no pattern for the type at all.
 */
export function numberSampler(
  regionCode: string,
  numberType: NumberType,
): { callingCode: string; next: (rng: () => number) => string | undefined } | undefined {
  const p = plan(regionCode);
  const rule = p.rules.get(SOURCE_TYPE[numberType]);
  if (!rule || rule.source === '') return undefined;
  const root = parsePattern(rule.source);
  return {
    callingCode: p.callingCode,
    next: (rng) => {
      const candidate = draw(root, rng);
      return belongsTo(p, numberType, candidate) ? candidate : undefined;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Region/type catalogue

// A pair exists when its pattern actually yields numbers belonging to the region. Probing beats
// reading the metadata alone: e.g. JM's toll-free pattern is the shared NANPA one, but JM's
// leading digits (658|876) mean libphonenumber never attributes an 8xx number to JM.
const PROBE_ATTEMPTS = 500;

let cached: { regions: RegionInfo[]; pairs: Set<string> } | undefined;

// Computed once per process (~0.3 s): every region and type, up to PROBE_ATTEMPTS draws each.
function catalogue(): { regions: RegionInfo[]; pairs: Set<string> } {
  if (!cached) {
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    const regions = getCountries()
      .map((regionCode) => ({
        regionCode,
        regionName: names.of(regionCode) ?? regionCode,
        types: TYPE_ORDER.filter((type) => probe(regionCode, type)),
      }))
      .filter((region) => region.types.length > 0)
      .sort((a, b) => (a.regionCode < b.regionCode ? -1 : a.regionCode > b.regionCode ? 1 : 0));
    const pairs = new Set(regions.flatMap((r) => r.types.map((type) => `${r.regionCode}:${type}`)));
    cached = { regions, pairs };
  }
  return cached;
}

export function listRegions(): RegionInfo[] {
  // Copies, so callers cannot corrupt the cache.
  return catalogue().regions.map((region) => ({ ...region, types: [...region.types] }));
}

function probe(regionCode: string, numberType: NumberType): boolean {
  const sampler = numberSampler(regionCode, numberType);
  if (!sampler) return false;
  const rng = mulberry32(fnv1a(`probe:${regionCode}:${numberType}`));
  for (let i = 0; i < PROBE_ATTEMPTS; i++) if (sampler.next(rng) !== undefined) return true;
  return false;
}

export function listRegionTypes(): Array<{ regionCode: string; numberType: NumberType }> {
  return catalogue().regions.flatMap(({ regionCode, types }) =>
    types.map((numberType) => ({ regionCode, numberType })),
  );
}

/** The country calling code (digits, no '+') of a region, e.g. '1' for US and CA. */
export function callingCodeOf(regionCode: string): string {
  return plan(regionCode).callingCode;
}

export function regionHasType(regionCode: string, numberType: NumberType): boolean {
  return catalogue().pairs.has(`${regionCode}:${numberType}`);
}

/** Small, fast, seedable PRNG (mulberry32): floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
