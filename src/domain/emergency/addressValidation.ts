/**
 * Offline validation of US emergency (E911) addresses, behind
 * `POST /v1/projects/{projectId}/activeNumbers/{phoneNumber}/emergencyAddress:validate` (contract §3.10, §4.13).
 *
 * Upstream sends the address to a commercial address database. We have none, so this is a pure function
 * over USPS Publication 28 tables (uspsTables.ts).
 *
 * What we CAN check offline:
 * - that the required fields (streetNumber, streetInfo, city, state, postalCode) are present;
 * - the form of each component: a street number with a digit in it, a known USPS state code (or a state
 *   name / AP abbreviation we turn into one), a 5-digit ZIP and an optional 4-digit plus-four (ZIP+4 given
 *   together as `12345-6789` / `123456789` is split), APO/FPO/DPO exactly when the state is AA/AE/AP;
 * - that the ZIP's 3-digit prefix belongs to the given state (public prefix table, with the few known
 *   5-digit exceptions and state-line-straddling ZIPs; a prefix we don't know is not checked);
 * - Pub 28 standard abbreviations: street suffix (Appendix C1), pre/post directionals (Appendix B) and
 *   secondary unit designators (Appendix C2), in streetInfo and location.
 *
 * What we CANNOT check offline: that the street exists, that the house number is in the street's range,
 * that the ZIP belongs to the city, that the unit exists, deliverability, or whether a directional word
 * is part of the street's name ("West End Ave" becomes "W End Ave"). An address whose street is missing
 * its directional or suffix (upstream's "3500 Lenox Road" → candidate "3500 Lenox Rd NE") passes here.
 *
 * Case: upstream keeps the caller's letter case and only rewrites the words it abbreviates (SDK fixtures:
 * "Lenox Road NE", "Atlanta" → corrected "Lenox Rd NE", "Atlanta"). So do we: letter case is never a
 * correction, an abbreviation takes the case style of the word it replaces (ROAD → RD, Road → Rd,
 * road → rd), directionals are upper case unless written in lower case, and state codes are always upper
 * case. Consequently an input that differs from the standard form only by letter case or by whitespace
 * (normalizeInput trims and collapses it) is an EXACT_MATCH, and the returned correctedAddress is then
 * exactly normalizeInput(input). Anything that changes a stored character is a NEAR_MATCH.
 *
 * Candidates (NO_MATCH only) are addresses that differ from the input in one or more components that
 * failed (a state from the ZIP or a one-edit typo, a zero-padded 4-digit ZIP, a dropped or disambiguated
 * plus-four, a house number split off the front of streetInfo) and that themselves validate cleanly.
 * They are returned in corrected (standardized) form.
 */
import {
  DIRECTIONAL_LOOKUP,
  MILITARY_CITIES,
  STATE_BY_CODE,
  STATE_NAME_LOOKUP,
  STATES,
  STREET_SUFFIX_LOOKUP,
  statesForZip,
  UNIT_DESIGNATOR_LOOKUP,
} from './uspsTables.js';

export interface EmergencyAddress {
  streetNumber: string;
  streetInfo: string;
  location: string;
  city: string;
  state: string;
  postalCode: string;
  postalCodePlusFour: string;
}

export type ValidationResult = 'EXACT_MATCH' | 'NEAR_MATCH' | 'NO_MATCH';

export interface AddressValidation {
  result: ValidationResult;
  /** '|'-joined messages as upstream, e.g. 'Corrected to valid address|Corrected address abbreviations' */
  message: string;
  /** The address as it will be stored: corrected on NEAR_MATCH, the input on EXACT_MATCH; all seven fields '' on NO_MATCH. */
  correctedAddress: EmergencyAddress;
  /** Suggestions on NO_MATCH (may be empty), [] otherwise. */
  candidates: EmergencyAddress[];
}

/**
 * The whole message vocabulary. Messages are joined with '|' in this order:
 * - EXACT_MATCH: `valid` alone.
 * - NEAR_MATCH: `correctedToValid`, then the corrections that applied (abbreviations, stateCode,
 *   postalCodeFormat).
 * - NO_MATCH: `noCorrection`, the problems in field order (missing…, invalid…, zipStateMismatch),
 *   `changedComponent` when candidates are returned, the corrections that applied to the valid parts,
 *   and `invalid` last.
 */
export const VALIDATION_MESSAGES = {
  valid: 'Address is valid',
  correctedToValid: 'Corrected to valid address',
  abbreviations: 'Corrected address abbreviations',
  stateCode: 'Corrected state code',
  postalCodeFormat: 'Corrected postal code format',
  noCorrection: 'Invalid address - no correction found',
  changedComponent: 'Changed address component',
  invalid: 'Address is Invalid',
  missingStreetNumber: 'Missing street number',
  invalidStreetNumber: 'Invalid street number',
  missingStreetInfo: 'Missing street name',
  invalidStreetInfo: 'Invalid street name',
  missingCity: 'Missing city',
  invalidCity: 'Invalid city',
  missingState: 'Missing state',
  invalidState: 'Invalid state',
  missingPostalCode: 'Missing postal code',
  invalidPostalCode: 'Invalid postal code',
  invalidPostalCodePlusFour: 'Invalid postal code plus four',
  postalCodeStateMismatch: 'Postal code does not match state',
} as const;

const M = VALIDATION_MESSAGES;
const CORRECTION_ORDER = [M.abbreviations, M.stateCode, M.postalCodeFormat] as const;
type Correction = (typeof CORRECTION_ORDER)[number];

const FIELDS = [
  'streetNumber',
  'streetInfo',
  'location',
  'city',
  'state',
  'postalCode',
  'postalCodePlusFour',
] as const satisfies readonly (keyof EmergencyAddress)[];

const MAX_CANDIDATES = 5;

function cleanField(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\s+/g, ' ').trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

/**
 * Fills absent optional fields with '' (location, postalCodePlusFour) and trims. Runs of whitespace
 * inside a field collapse to one space; a number (a JSON `"streetNumber": 3500`) becomes its decimal
 * string and anything else that is not a string becomes ''.
 */
export function normalizeInput(input: Partial<EmergencyAddress>): EmergencyAddress {
  const source = (input ?? {}) as Record<string, unknown>;
  return {
    streetNumber: cleanField(source.streetNumber),
    streetInfo: cleanField(source.streetInfo),
    location: cleanField(source.location),
    city: cleanField(source.city),
    state: cleanField(source.state),
    postalCode: cleanField(source.postalCode),
    postalCodePlusFour: cleanField(source.postalCodePlusFour),
  };
}

function emptyAddress(): EmergencyAddress {
  return {
    streetNumber: '',
    streetInfo: '',
    location: '',
    city: '',
    state: '',
    postalCode: '',
    postalCodePlusFour: '',
  };
}

export function validateEmergencyAddress(input: Partial<EmergencyAddress>): AddressValidation {
  const address = normalizeInput(input);
  const analysis = analyze(address);
  const corrections = CORRECTION_ORDER.filter((message) => analysis.corrections.has(message));

  if (analysis.problems.length === 0) {
    const changed = FIELDS.some((field) => analysis.address[field] !== address[field]);
    if (!changed) {
      return { result: 'EXACT_MATCH', message: M.valid, correctedAddress: address, candidates: [] };
    }
    return {
      result: 'NEAR_MATCH',
      message: [M.correctedToValid, ...corrections].join('|'),
      correctedAddress: analysis.address,
      candidates: [],
    };
  }

  const candidates = buildCandidates(address, analysis);
  return {
    result: 'NO_MATCH',
    message: [
      M.noCorrection,
      ...analysis.problems,
      ...(candidates.length > 0 ? [M.changedComponent] : []),
      ...corrections,
      M.invalid,
    ].join('|'),
    correctedAddress: emptyAddress(),
    candidates,
  };
}

// ---------------------------------------------------------------------------------------------------
// Analysis of one address (no candidates)

interface Analysis {
  /** Every component standardized where it could be; failed components are left as given. */
  address: EmergencyAddress;
  corrections: Set<Correction>;
  /** Problem messages in field order; empty means the address is valid. */
  problems: string[];
  stateCode: string | undefined;
  /** The 5-digit ZIP when postalCode is well-formed. */
  zip: string | undefined;
  /** 5-digit ZIPs to try when postalCode is not well-formed. */
  zipAlternatives: string[];
  /** The plus-four when well-formed ('' when absent). */
  plusFour: string | undefined;
  /** Plus-fours to try when the given one is malformed or contradicts the one inside postalCode. */
  plusFourAlternatives: string[];
}

function analyze(input: EmergencyAddress): Analysis {
  const address: EmergencyAddress = { ...input };
  const corrections = new Set<Correction>();
  const problems: string[] = [];

  if (input.streetNumber === '') problems.push(M.missingStreetNumber);
  else if (!isStreetNumber(input.streetNumber)) problems.push(M.invalidStreetNumber);

  if (input.streetInfo === '') problems.push(M.missingStreetInfo);
  else if (!/[A-Za-z0-9]/.test(input.streetInfo)) problems.push(M.invalidStreetInfo);
  else address.streetInfo = standardizeStreetInfo(input.streetInfo);

  if (input.location !== '') address.location = standardizeUnit(input.location.split(' ')).join(' ');
  if (address.streetInfo !== input.streetInfo || address.location !== input.location) {
    corrections.add(M.abbreviations);
  }

  const stateCode = input.state === '' ? undefined : resolveState(input.state);
  const state = stateCode === undefined ? undefined : STATE_BY_CODE.get(stateCode);

  if (input.city === '') problems.push(M.missingCity);
  else if (!/[A-Za-z]/.test(input.city)) problems.push(M.invalidCity);
  else if (state !== undefined) {
    const militaryCity = MILITARY_CITIES.has(input.city.toUpperCase().replace(/\./g, ''));
    if (militaryCity !== (state.kind === 'military')) problems.push(M.invalidCity);
  }

  if (input.state === '') problems.push(M.missingState);
  else if (stateCode === undefined) problems.push(M.invalidState);
  else {
    address.state = stateCode;
    if (stateCode !== input.state) corrections.add(M.stateCode);
  }

  const postal = analyzePostalCode(input.postalCode, input.postalCodePlusFour);
  problems.push(...postal.problems);
  if (postal.zip !== undefined) {
    address.postalCode = postal.zip;
    if (postal.plusFour !== undefined) address.postalCodePlusFour = postal.plusFour;
    if (address.postalCode !== input.postalCode || address.postalCodePlusFour !== input.postalCodePlusFour) {
      corrections.add(M.postalCodeFormat);
    }
    if (stateCode !== undefined && !zipMatchesState(postal.zip, stateCode)) {
      problems.push(M.postalCodeStateMismatch);
    }
  }

  return {
    address,
    corrections,
    problems,
    stateCode,
    zip: postal.zip,
    zipAlternatives: postal.zipAlternatives,
    plusFour: postal.plusFour,
    plusFourAlternatives: postal.plusFourAlternatives,
  };
}

/** Digits, optionally with letters, hyphens, a fraction ("123 1/2") or a grid prefix ("N123W456"). */
function isStreetNumber(value: string): boolean {
  return /[0-9]/.test(value) && /^[0-9A-Za-z½ /-]+$/.test(value);
}

function zipMatchesState(zip: string, stateCode: string): boolean {
  const states = statesForZip(zip);
  return states.length === 0 || states.includes(stateCode);
}

// ---------------------------------------------------------------------------------------------------
// Street info and location (Pub 28 appendices B, C1, C2)

/** Upper case without periods or trailing commas: the form the tables use. */
function tokenKey(token: string): string {
  return token.toUpperCase().replace(/[.,]/g, '');
}

/** The standard abbreviation rendered in the case style of the word it replaces. */
function styleLike(original: string, standard: string): string {
  const letters = original.replace(/[^A-Za-z]/g, '');
  if (letters === '' || letters === letters.toUpperCase()) return standard;
  if (letters === letters.toLowerCase()) return standard.toLowerCase();
  const capitalized = letters[0] + letters.slice(1).toLowerCase();
  if (letters === capitalized) return standard[0] + standard.slice(1).toLowerCase();
  return standard;
}

/** Directionals are upper case ("Lenox Rd NE") unless the caller wrote them in lower case. */
function styleDirectional(original: string, standard: string): string {
  const letters = original.replace(/[^A-Za-z]/g, '');
  return letters !== '' && letters === letters.toLowerCase() ? standard.toLowerCase() : standard;
}

function directionalOf(tokens: readonly string[]): string | undefined {
  if (tokens.length === 0 || tokens.length > 2) return undefined;
  return DIRECTIONAL_LOOKUP.get(tokens.map(tokenKey).join(' '));
}

/** A unit number after a designator: has a digit, or is a single letter ("Apt B"). */
function looksLikeUnitNumber(token: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9-]*$/.test(token) && (/[0-9]/.test(token) || token.length === 1);
}

/**
 * Splits a trailing secondary unit off streetInfo ("Main Street Suite 200", "Main St #5") so that the
 * suffix is found in front of it. The unit stays in streetInfo: moving it is not ours to do.
 */
function splitTrailingUnit(tokens: readonly string[]): [street: string[], unit: string[]] {
  const n = tokens.length;
  if (n >= 3) {
    const designator = tokens[n - 2];
    const row = UNIT_DESIGNATOR_LOOKUP.get(tokenKey(designator));
    if ((row?.requiresRange || designator === '#') && looksLikeUnitNumber(tokens[n - 1])) {
      return [tokens.slice(0, n - 2), tokens.slice(n - 2)];
    }
  }
  if (n >= 2 && /^#[A-Za-z0-9-]+$/.test(tokens[n - 1])) {
    return [tokens.slice(0, n - 1), tokens.slice(n - 1)];
  }
  return [[...tokens], []];
}

/**
 * Standardizes streetInfo = [pre-directional] name [suffix] [post-directional] [unit]:
 * - the post-directional is the last one or two words if they spell a directional and something other
 *   than a directional is left in front ("Main St NE", "Main St North West");
 * - the suffix is the last remaining word if it is in Appendix C1 and a name is left in front of it
 *   ("North Ave" keeps NORTH as the name; a lone "Avenue" is a name);
 * - the pre-directional is the first one or two words if they spell a directional and at least one
 *   non-directional name word follows ("East Broadway" → "E Broadway").
 * Words of the name itself are never touched.
 */
function standardizeStreetInfo(value: string): string {
  const [tokens, unit] = splitTrailingUnit(value.split(' '));
  let start = 0;
  let end = tokens.length;
  let post: string | undefined;
  let pre: string | undefined;
  let suffix: string | undefined;

  for (const width of [2, 1]) {
    const rest = tokens.slice(0, end - width);
    const std = directionalOf(tokens.slice(end - width, end));
    if (rest.length >= 1 && std !== undefined && directionalOf(rest) === undefined) {
      post = styleDirectional(tokens.slice(end - width, end).join(' '), std);
      end -= width;
      break;
    }
  }

  if (end - start >= 2) {
    const std = STREET_SUFFIX_LOOKUP.get(tokenKey(tokens[end - 1]));
    if (std !== undefined) {
      suffix = styleLike(tokens[end - 1], std);
      end -= 1;
    }
  }

  for (const width of [2, 1]) {
    const rest = tokens.slice(start + width, end);
    const std = directionalOf(tokens.slice(start, start + width));
    if (rest.length >= 1 && std !== undefined && directionalOf(rest) === undefined) {
      pre = styleDirectional(tokens.slice(start, start + width).join(' '), std);
      start += width;
      break;
    }
  }

  const parts = [
    ...(pre === undefined ? [] : [pre]),
    ...tokens.slice(start, end),
    ...(suffix === undefined ? [] : [suffix]),
    ...(post === undefined ? [] : [post]),
    ...standardizeUnit(unit),
  ];
  return parts.join(' ');
}

/**
 * Abbreviates Appendix C2 designators: one that takes a unit number when something follows it
 * ("Suite 200" → "Ste 200"), one that does not when it is alone or followed by a number
 * ("Penthouse" → "Ph", "Basement 2" → "Bsmt 2"). Other words are left alone.
 */
function standardizeUnit(tokens: readonly string[]): string[] {
  return tokens.map((token, index) => {
    const row = UNIT_DESIGNATOR_LOOKUP.get(tokenKey(token));
    if (row === undefined) return token;
    const next = tokens[index + 1];
    const applies = row.requiresRange
      ? next !== undefined
      : tokens.length === 1 || (next !== undefined && /[0-9]/.test(next));
    return applies ? styleLike(token, row.standard) : token;
  });
}

// ---------------------------------------------------------------------------------------------------
// State

/** Upper case, periods dropped ("N.Y." → "NY"), other non-letters as single spaces. */
function foldStateName(value: string): string {
  return value
    .toUpperCase()
    .replace(/\./g, '')
    .replace(/&/g, ' AND ')
    .replace(/[^A-Z]+/g, ' ')
    .trim();
}

/** A USPS state code for a code, full name or alias in any letter case; undefined when unknown. */
function resolveState(value: string): string | undefined {
  const folded = foldStateName(value);
  if (STATE_BY_CODE.has(folded)) return folded;
  return STATE_NAME_LOOKUP.get(folded);
}

/**
 * The one state whose name is closest to a misspelled name (at most 1 edit, or 2 for names of 8+
 * letters; a transposition counts as one edit). undefined when nothing is close or two states tie.
 * Two- and three-letter inputs are not guessed at: one edit from most codes is another code.
 */
function stateFromTypo(value: string): string | undefined {
  const folded = foldStateName(value);
  if (folded.length < 4) return undefined;
  const maxDistance = folded.length >= 8 ? 2 : 1;
  let best = Number.POSITIVE_INFINITY;
  let codes = new Set<string>();
  for (const row of STATES) {
    for (const name of [row.name, ...row.aliases]) {
      if (name.length < 4) continue;
      const distance = editDistance(folded, name);
      if (distance < best) {
        best = distance;
        codes = new Set([row.code]);
      } else if (distance === best) {
        codes.add(row.code);
      }
    }
  }
  return best <= maxDistance && codes.size === 1 ? [...codes][0] : undefined;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return Math.abs(a.length - b.length);
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

// ---------------------------------------------------------------------------------------------------
// Postal code

interface PostalAnalysis {
  zip: string | undefined;
  zipAlternatives: string[];
  plusFour: string | undefined;
  plusFourAlternatives: string[];
  problems: string[];
}

/**
 * postalCode: 5 digits, or 9 (`12345-6789`, `123456789`, `12345 6789`) carrying the plus-four.
 * postalCodePlusFour: '' or 4 digits (a leading '-' or spaces are dropped); when postalCode carries a
 * plus-four too, the two must agree. A 4-digit ZIP is suggested zero-padded (spreadsheets drop the
 * leading zero of New England ZIPs).
 */
function analyzePostalCode(postalCode: string, plusFourInput: string): PostalAnalysis {
  const problems: string[] = [];
  let zip: string | undefined;
  let embedded: string | undefined;
  const zipAlternatives: string[] = [];

  const digits = postalCode.replace(/[\s-]/g, '');
  if (postalCode === '') problems.push(M.missingPostalCode);
  else if (/^[0-9]{5}$/.test(digits)) zip = digits;
  else if (/^[0-9]{9}$/.test(digits) && /^[0-9]{5}[\s-]?[0-9]{4}$/.test(postalCode)) {
    zip = digits.slice(0, 5);
    embedded = digits.slice(5);
  } else {
    problems.push(M.invalidPostalCode);
    if (/^[0-9]{4}$/.test(digits)) zipAlternatives.push(`0${digits}`);
  }

  let plusFour: string | undefined;
  const plusFourAlternatives: string[] = [];
  const given = plusFourInput.replace(/[\s-]/g, '');
  if (given !== '' && !/^[0-9]{4}$/.test(given)) {
    problems.push(M.invalidPostalCodePlusFour);
    plusFourAlternatives.push(embedded ?? '');
  } else if (given !== '' && embedded !== undefined && given !== embedded) {
    problems.push(M.invalidPostalCodePlusFour);
    plusFourAlternatives.push(embedded, given);
  } else {
    plusFour = given !== '' ? given : (embedded ?? '');
  }

  return { zip, zipAlternatives, plusFour, plusFourAlternatives, problems };
}

// ---------------------------------------------------------------------------------------------------
// Candidates

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** `3500 Lenox Rd` typed into streetInfo with no streetNumber → ['3500', 'Lenox Rd']. */
function houseNumberInStreetInfo(streetInfo: string): [string, string] | undefined {
  const match = /^([0-9]+[A-Za-z]?(?:-[0-9]+[A-Za-z]?)?) (.*[A-Za-z].*)$/.exec(streetInfo);
  return match === null ? undefined : [match[1], match[2]];
}

/**
 * Replaces the failed components with plausible alternatives, in every combination, and keeps the
 * results that validate cleanly (in their corrected form).
 */
function buildCandidates(input: EmergencyAddress, analysis: Analysis): EmergencyAddress[] {
  const split = input.streetNumber === '' ? houseNumberInStreetInfo(input.streetInfo) : undefined;
  const streets: [string, string][] = [split ?? [input.streetNumber, input.streetInfo]];
  const zips = analysis.zip !== undefined ? [analysis.zip] : analysis.zipAlternatives;
  const plusFours =
    analysis.plusFour !== undefined ? [analysis.plusFour] : unique(analysis.plusFourAlternatives);
  const typoState = analysis.stateCode === undefined ? stateFromTypo(input.state) : undefined;

  const seen = new Set<string>();
  const candidates: EmergencyAddress[] = [];
  for (const [streetNumber, streetInfo] of streets) {
    for (const zip of zips) {
      const zipStates = statesForZip(zip);
      const states =
        analysis.stateCode !== undefined && zipMatchesState(zip, analysis.stateCode)
          ? [analysis.stateCode]
          : unique([...zipStates, ...(typoState === undefined ? [] : [typoState])]);
      for (const state of states) {
        for (const postalCodePlusFour of plusFours) {
          const attempt = analyze({
            ...input,
            streetNumber,
            streetInfo,
            state,
            postalCode: zip,
            postalCodePlusFour,
          });
          if (attempt.problems.length > 0) continue;
          const key = FIELDS.map((field) => attempt.address[field]).join('\u0000');
          if (seen.has(key)) continue;
          seen.add(key);
          candidates.push(attempt.address);
          if (candidates.length >= MAX_CANDIDATES) return candidates;
        }
      }
    }
  }
  return candidates;
}
