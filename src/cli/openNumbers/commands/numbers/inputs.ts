import { parsePhoneNumberWithError } from 'libphonenumber-js';
import { usageError } from '../../errors.js';

/**
 * Local checks of what a person typed, before anything is sent: a wrong value is one line and
 * exit 2, never a request the API has to refuse.
 */

export const NUMBER_TYPES = ['MOBILE', 'LOCAL', 'TOLL_FREE'] as const;
export type NumberType = (typeof NUMBER_TYPES)[number];
export const CAPABILITIES = ['SMS', 'VOICE'] as const;
export const SEARCH_PATTERNS = ['START', 'CONTAINS', 'END'] as const;
export const VOICE_TYPES = ['RTC', 'EST', 'FAX'] as const;

/** An E.164 number from `+1 (202) 555-0134`, `+12025550134`…; the `+` and country code are required. */
export function phoneNumber(input: string): string {
  const value = input.trim();
  if (!value.startsWith('+')) {
    const hint = /^\d/.test(value) ? ` (did you mean +${value}?)` : '';
    throw usageError(
      `"${input}" has no leading +: give the number in E.164 form with its country code, e.g. +12025550134${hint}`,
    );
  }
  if (!/^\+[\d\s().-]+$/.test(value))
    throw usageError(`"${input}" is not a phone number: only digits may follow the +, e.g. +12025550134`);
  let parsed: ReturnType<typeof parsePhoneNumberWithError>;
  try {
    parsed = parsePhoneNumberWithError(value);
  } catch (error) {
    throw usageError(`"${input}" is not a phone number (${phoneProblem((error as Error).message)})`);
  }
  if (!parsed.isPossible())
    throw usageError(`"${input}" is not a phone number (wrong length for +${parsed.countryCallingCode})`);
  return parsed.number;
}

function phoneProblem(code: string): string {
  switch (code) {
    case 'INVALID_COUNTRY':
      return 'no country has that calling code';
    case 'TOO_SHORT':
      return 'too short';
    case 'TOO_LONG':
      return 'too long';
    default:
      return 'not a number';
  }
}

/** An ISO 3166-1 alpha-2 region code, in any case. */
export function regionCode(input: string): string {
  const value = input.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(value))
    throw usageError(`--region must be a two-letter region code such as US or GB, not "${input}"`);
  return value;
}

/** One of a fixed set of values, in any case (`local` → `LOCAL`). */
export function oneOf<T extends string>(input: string, values: readonly T[], flag: string): T {
  const value = input.trim().toUpperCase().replace(/-/g, '_') as T;
  if (!values.includes(value)) throw usageError(`${flag} must be ${listOf(values)}, not "${input}"`);
  return value;
}

function listOf(values: readonly string[]): string {
  return values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values.at(-1)}` : String(values[0]);
}

export function numberType(input: string): NumberType {
  return oneOf(input, NUMBER_TYPES, '--type');
}

/** `--capability SMS VOICE` or `--capability sms,voice`. */
export function capabilities(inputs: readonly string[] | undefined): string[] | undefined {
  if (!inputs?.length) return undefined;
  const values = inputs.flatMap((v) => v.split(',')).filter((v) => v.trim() !== '');
  return [...new Set(values.map((v) => oneOf(v, CAPABILITIES, '--capability')))];
}

/** `--pattern` (digits, optionally led by +) with `--search-pattern START|CONTAINS|END`. */
export function numberPattern(
  pattern: string | undefined,
  searchPattern: string | undefined,
): { pattern: string; searchPattern: string } | undefined {
  if (pattern === undefined) {
    if (searchPattern !== undefined) throw usageError('--search-pattern needs --pattern');
    return undefined;
  }
  if (!/^\+?\d+$/.test(pattern.trim()))
    throw usageError(`--pattern must be digits, optionally led by +, not "${pattern}"`);
  return {
    pattern: pattern.trim(),
    searchPattern:
      searchPattern === undefined ? 'START' : oneOf(searchPattern, SEARCH_PATTERNS, '--search-pattern'),
  };
}

/** A whole number in [min, max] from a flag. */
export function integer(
  input: string | undefined,
  flag: string,
  fallback: number,
  min = 0,
  max = 10_000,
): number {
  if (input === undefined) return fallback;
  const value = Number(input);
  if (!Number.isInteger(value) || value < min || value > max)
    throw usageError(`${flag} must be a whole number from ${min} to ${max}, not "${input}"`);
  return value;
}

/** A duration in seconds (fractions allowed) from a flag. */
export function seconds(input: string | undefined, flag: string, fallback: number): number {
  if (input === undefined) return fallback;
  const value = Number(input);
  if (!Number.isFinite(value) || value <= 0)
    throw usageError(`${flag} must be a positive number of seconds, not "${input}"`);
  return value;
}
