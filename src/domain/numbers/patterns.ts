import { errors } from '../../errors.js';

export type SearchPattern = 'START' | 'CONTAINS' | 'END';

export interface NumberPattern {
  /** `+` and digits, matched against the full E.164 string including its `+`. */
  pattern: string;
  searchPattern: SearchPattern;
}

/**
 * Reads the `numberPattern.*` pair of a query or body. The upstream service matches the pattern
 * against the `+`-prefixed E.164 string, so `START 1415` finds nothing while `START +1415` does.
 * A raw `+` in a query string decodes to a space, so a leading space is read as `+`.
 */
export function parseNumberPattern(
  rawPattern: string | undefined,
  rawSearchPattern: string | undefined,
  fieldPrefix = 'numberPattern',
): NumberPattern | undefined {
  if (rawPattern === undefined || rawPattern === '') {
    return undefined;
  }
  const pattern = rawPattern.replace(/^ /, '+');
  if (!/^\+?[0-9]{1,15}$/.test(pattern)) {
    throw errors.fieldViolation(
      `${fieldPrefix}.pattern`,
      `Invalid pattern "${rawPattern}": use digits, optionally led by +`,
    );
  }
  const kind = (rawSearchPattern ?? '').toUpperCase();
  let searchPattern: SearchPattern;
  if (kind === '' || kind === 'START' || kind === 'SEARCH_PATTERN_UNSPECIFIED') searchPattern = 'START';
  else if (kind === 'CONTAINS' || kind === 'CONTAIN') searchPattern = 'CONTAINS';
  else if (kind === 'END') searchPattern = 'END';
  else {
    throw errors.fieldViolation(
      `${fieldPrefix}.searchPattern`,
      `"${rawSearchPattern}" is not a valid value; use START, CONTAINS or END`,
    );
  }
  return { pattern, searchPattern };
}

/** Whether an E.164 number matches a pattern (used for small in-memory sets and tests). */
export function matchesPattern(e164: string, { pattern, searchPattern }: NumberPattern): boolean {
  if (searchPattern === 'START') return e164.startsWith(pattern);
  if (searchPattern === 'END') return e164.endsWith(pattern);
  return e164.includes(pattern);
}

/** The smallest string greater than every string starting with `prefix` (for index range scans). */
export function prefixUpperBound(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}
