/**
 * Offline validation of US emergency (E911) addresses, behind
 * `POST /v1/projects/{projectId}/activeNumbers/{phoneNumber}/emergencyAddress:validate` (contract §3.10, §4.13).
 *
 * Upstream sends the address to a commercial address database. We have none, so this is a pure function
 * over USPS Publication 28 tables (usps/).
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
import { analyzePostalCode, zipMatchesState } from './postalCode.js';
import { resolveState, stateFromTypo } from './stateNames.js';
import { standardizeStreetInfo, standardizeUnit } from './streetInfo.js';
import { MILITARY_CITIES, STATE_BY_CODE } from './usps/states.js';
import { statesForZip } from './usps/zipPrefixes.js';
import { VALIDATION_MESSAGES } from './validationMessages.js';

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
