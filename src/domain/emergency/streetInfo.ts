import { DIRECTIONAL_LOOKUP } from './usps/directionals.js';
import { STREET_SUFFIX_LOOKUP } from './usps/streetSuffixes.js';
import { UNIT_DESIGNATOR_LOOKUP } from './usps/unitDesignators.js';

/**
 * Standard abbreviations in streetInfo and location (USPS Publication 28 appendices B, C1, C2),
 * in the letter case of the words they replace.
 */

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
export function standardizeStreetInfo(value: string): string {
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
export function standardizeUnit(tokens: readonly string[]): string[] {
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
