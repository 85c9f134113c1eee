import { STATE_BY_CODE, STATE_NAME_LOOKUP, STATES } from './usps/states.js';

/** State codes from what callers type: codes, names and aliases in any case, and near misses. */

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
export function resolveState(value: string): string | undefined {
  const folded = foldStateName(value);
  if (STATE_BY_CODE.has(folded)) return folded;
  return STATE_NAME_LOOKUP.get(folded);
}

/**
 * The one state whose name is closest to a misspelled name (at most 1 edit, or 2 for names of 8+
 * letters; a transposition counts as one edit). undefined when nothing is close or two states tie.
 * Two- and three-letter inputs are not guessed at: one edit from most codes is another code.
 */
export function stateFromTypo(value: string): string | undefined {
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
