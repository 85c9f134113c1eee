import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { usageError } from '../../errors.js';

/** The regions the Imported Numbers API takes. */
export type ImportRegion = 'US' | 'CA';

/** A number checked locally: E.164, valid, US or CA (toll-free numbers belong to either). */
export interface UsCaNumber {
  phoneNumber: string;
  /** US or CA as libphonenumber places it (US for a NANP toll-free number). */
  region: ImportRegion;
  tollFree: boolean;
}

/**
 * Why `raw` is not a number this API takes, in words for a person; undefined when it is one.
 * Spaces, dashes, dots and brackets are allowed (`+1 (202) 555-0134`) and dropped.
 */
export function numberProblem(raw: string): string | undefined {
  const result = checkNumber(raw);
  return typeof result === 'string' ? result : undefined;
}

function checkNumber(raw: string): UsCaNumber | string {
  const compact = raw.trim().replace(/[\s().-]/g, '');
  if (!compact) return 'a phone number is empty';
  if (!compact.startsWith('+')) {
    return `${raw.trim()} lacks the leading + (E.164 with the country code, e.g. +12025550134)`;
  }
  if (!/^\+\d{2,15}$/.test(compact)) return `${raw.trim()} is not an E.164 number (+ and digits only)`;
  const parsed = parsePhoneNumberFromString(compact);
  if (!parsed?.isValid()) return `${compact} is not a valid phone number`;
  const country = parsed.country;
  if (country !== 'US' && country !== 'CA') {
    return `${compact} is ${country ? `a ${country}` : 'not a US or CA'} number; imported numbers are US and CA only`;
  }
  return { phoneNumber: parsed.number, region: country, tollFree: parsed.getType() === 'TOLL_FREE' };
}

/** One number given on the command line; a usage error (exit 2, nothing sent) otherwise. */
export function usCaNumber(raw: string): UsCaNumber {
  const result = checkNumber(raw);
  if (typeof result === 'string') throw usageError(result);
  return result;
}

/**
 * Numbers given on the command line (each may also be a comma-separated list): checked, each
 * once, at most `max`.
 */
export function usCaNumbers(raw: readonly string[], max: number, what: string): UsCaNumber[] {
  const numbers = raw
    .flatMap((r) => r.split(','))
    .map((r) => r.trim())
    .filter(Boolean)
    .map(usCaNumber);
  if (numbers.length === 0) throw usageError(`${what}: name at least one number`);
  const seen = new Set<string>();
  for (const n of numbers) {
    if (seen.has(n.phoneNumber)) throw usageError(`${n.phoneNumber} is named twice`);
    seen.add(n.phoneNumber);
  }
  if (numbers.length > max) throw usageError(`${what} takes at most ${max} numbers, not ${numbers.length}`);
  return numbers;
}

/**
 * The region of an order's numbers: the one they share, or `given` (`--region`). Toll-free
 * numbers fit either region; other numbers must all be of the one region.
 */
export function orderRegion(numbers: readonly UsCaNumber[], given?: string): ImportRegion {
  const region = given?.toUpperCase();
  if (region !== undefined && region !== 'US' && region !== 'CA')
    throw usageError(`--region must be US or CA, not ${given}`);
  const geographic = new Set(numbers.filter((n) => !n.tollFree).map((n) => n.region));
  if (geographic.size > 1) throw usageError('US and CA numbers go in separate orders: run one for each');
  const [theirs] = geographic;
  if (theirs && region && theirs !== region)
    throw usageError(`the numbers are ${theirs} numbers, not ${region}`);
  return theirs ?? (region as ImportRegion | undefined) ?? numbers[0]?.region ?? 'US';
}

/**
 * A checked number in a URL path, as the API documents it (`/importedNumbers/+12025550134`): a `+`
 * is literal in a path, and the messages that name the request stay readable.
 */
export function pathNumber(phoneNumber: string): string {
  if (!/^\+\d+$/.test(phoneNumber)) return encodeURIComponent(phoneNumber);
  return phoneNumber;
}
