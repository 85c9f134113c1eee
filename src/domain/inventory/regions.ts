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
import { draw, parsePattern } from './patternSampling.js';
import type { NumberType } from './products.js';
import { fnv1a, mulberry32 } from './seededRandom.js';

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

/** The most digits an E.164 number has, calling code included (ITU-T E.164 §6). */
export const MAX_E164_DIGITS = 15;

/**
 * A function drawing national numbers for one region/type pair: each call returns a number that
 * parsePhoneNumber('+' + callingCode + it) validates as this region's `numberType` and that is
 * at most 15 digits with the calling code, or undefined when the draw was rejected (wrong length, claimed by a higher-priority type or by
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
      // E.164 allows 15 digits with the calling code. The metadata accepts longer national
      // numbers for a few plans (DE fixed lines up to 15 national digits, DE/JP/NG/UY toll-free),
      // but the API takes only E.164, so such a number could be listed and never rented.
      if (p.callingCode.length + candidate.length > MAX_E164_DIGITS) return undefined;
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

/** Whether libphonenumber's metadata knows the region (ISO 3166-1 alpha-2, upper case). */
export function isKnownRegion(regionCode: string): boolean {
  return Object.hasOwn(metadata.countries, regionCode);
}

/**
 * Why an E.164 number is not a `numberType` number of `regionCode` by libphonenumber's
 * metadata, or undefined when it is. Judged within that region's own plan, so a NANPA toll-free
 * number is CA's as well as US's (parsePhoneNumber would name US only). LOCAL takes fixed-line
 * numbers and MOBILE mobile ones; where the plan cannot tell them apart (FIXED_LINE_OR_MOBILE,
 * e.g. MX) a number passes as either; where the plan has no pattern for the type at all, any
 * valid number of the region passes.
 */
export function numberTypeProblem(
  e164: string,
  regionCode: string,
  numberType: NumberType,
): string | undefined {
  const p = plan(regionCode);
  if (!e164.startsWith(`+${p.callingCode}`)) return `${regionCode} numbers start with +${p.callingCode}`;
  const nationalNumber = e164.slice(1 + p.callingCode.length);
  if (p.leadingDigits && !p.leadingDigits.test(nationalNumber)) return `not a valid ${regionCode} number`;
  const libType = classify(p, nationalNumber);
  if (!libType) return `not a valid ${regionCode} number`;
  const rule = p.rules.get(SOURCE_TYPE[numberType]);
  if (!rule) return undefined;
  const fits =
    libType === 'FIXED_LINE_OR_MOBILE' ? numberType !== 'TOLL_FREE' : typeMatches(libType, numberType);
  if (fits) return undefined;
  return `a ${libType} number in ${regionCode}, not ${numberType}`;
}
