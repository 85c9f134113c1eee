import type { NumberPattern } from '../../domain/numbers/patterns.js';
import { prefixUpperBound, reversedDigits } from '../../domain/numbers/patterns.js';
import type { Dialect } from '../db/dialect.js';
import type { Params } from '../db/port.js';
import type { AvailableSearch } from './port.js';

/** Capability masks are computed integers: inlined, the planner sees constants and statements stay cacheable. */
export function masksPredicate(masks: number[]): string {
  return masks.length ? `capabilities IN (${masks.map((m) => String(Math.trunc(m))).join(',')})` : 'false';
}

/** A LIKE operand for matching active numbers (patterns hold only `+` and digits). */
export function likeOperand({ pattern, searchPattern }: NumberPattern): string {
  if (searchPattern === 'START') return `${pattern}%`;
  if (searchPattern === 'END') return `%${pattern}`;
  return `%${pattern}%`;
}

/**
 * The statement that selects the ids of available numbers a search matches, in e164 order
 * (research/perf-baseline.md, index design): START is a range on e164, END a range on the
 * reversed digits, CONTAINS an ordered index walk for 3 digits or fewer and the trigram index
 * for more. `status = 'AVAILABLE'` stays a literal so the planner matches the partial indexes.
 */
export function searchSelect(
  dialect: Dialect,
  search: Omit<AvailableSearch, 'limit'>,
  params: Params,
  columns: string,
): { sql: string; prepare: boolean } {
  let from = 'phone_numbers';
  let where = `status = 'AVAILABLE' AND region_code = ${params.add(search.regionCode)} AND number_type = ${params.add(search.numberType)}`;
  if (search.capabilityMasks) where += ` AND ${masksPredicate(search.capabilityMasks)}`;
  const p = search.pattern;
  let prepare = true;
  if (p?.searchPattern === 'START') {
    where += ` AND e164 >= ${params.add(p.pattern)} AND e164 < ${params.add(prefixUpperBound(p.pattern))}`;
  } else if (p?.searchPattern === 'END' && p.pattern.startsWith('+')) {
    where += ` AND e164 = ${params.add(p.pattern)}`;
  } else if (p?.searchPattern === 'END') {
    from += dialect.endIndexHint;
    const rev = reversedDigits(p.pattern);
    where += ` AND digits_rev >= ${params.add(rev)} AND digits_rev < ${params.add(prefixUpperBound(rev))}`;
  } else if (p?.searchPattern === 'CONTAINS' && p.pattern.length <= 3) {
    // Short patterns match ~1 % of rows each: walking the ordered index stops soonest.
    where += ` AND ${dialect.contains('e164', params.add(p.pattern))}`;
  } else if (p?.searchPattern === 'CONTAINS') {
    const trigram = dialect.trigramContains(p.pattern, params);
    where += ` AND ${trigram.where}`;
    prepare = trigram.prepare;
  }
  return { sql: `SELECT ${columns} FROM ${from} WHERE ${where} ORDER BY e164`, prepare };
}
