import type { NumberPattern } from '../../domain/numbers/patterns.js';
import { prefixUpperBound } from '../../domain/numbers/patterns.js';
import type { Dialect } from '../db/dialect.js';
import type { Db, Params } from '../db/port.js';
import { type ContainsIndex, take } from './containsIndex.js';
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

/** Candidate ids of a CONTAINS search, at most this many per statement. */
const MAX_BATCH = 4096;

/**
 * A search as one statement's worth: `ids`, when present, is a JSON array of candidate ids from
 * the ContainsIndex and replaces the pattern.
 */
export type SearchPart = Omit<AvailableSearch, 'limit'> & { ids?: string };

/**
 * The statement that selects the ids of available numbers a search matches, in e164 order
 * (research/perf-baseline.md, index design): START is a range on e164, END with `+` the whole
 * number; CONTAINS and END by digits get their candidates from memory (ContainsIndex) and check
 * them here by id. `status = 'AVAILABLE'` stays a literal so the planner matches the partial indexes.
 */
export function searchSelect(dialect: Dialect, search: SearchPart, params: Params, columns: string): string {
  if (search.ids !== undefined) {
    // The candidates come from the pair's copy, already filtered by pair and capabilities.
    return `SELECT ${columns} FROM phone_numbers${dialect.byIdHint}
      WHERE status = 'AVAILABLE' AND ${dialect.idInJson(params.add(search.ids))} ORDER BY ${dialect.byIdOrder}`;
  }
  let where = `status = 'AVAILABLE' AND region_code = ${params.add(search.regionCode)} AND number_type = ${params.add(search.numberType)}`;
  if (search.capabilityMasks) where += ` AND ${masksPredicate(search.capabilityMasks)}`;
  const p = search.pattern;
  if (p?.searchPattern === 'START') {
    where += ` AND e164 >= ${params.add(p.pattern)} AND e164 < ${params.add(prefixUpperBound(p.pattern))}`;
  } else if (p?.searchPattern === 'END' && p.pattern.startsWith('+')) {
    where += ` AND e164 = ${params.add(p.pattern)}`;
  } else if (p) {
    throw new Error(
      `searchSelect: ${p.searchPattern} searches by digits pass their candidates (forEachPart)`,
    );
  }
  return `SELECT ${columns} FROM phone_numbers WHERE ${where} ORDER BY e164`;
}

/**
 * Runs `step` for a search until it has `wanted` results: once with the search as it is, or, for
 * CONTAINS and END by digits, with the index's candidates in batches growing from `wanted` (most
 * numbers are available, so the first batch usually does), each `step` told how many it still
 * needs. END by digits goes to memory too: a short ending matches thousands of a big pair's
 * numbers, which the store's reversed-digits range returns in the wrong order to stop early.
 */
export async function forEachPart<T>(
  db: Db,
  index: ContainsIndex,
  search: Omit<AvailableSearch, 'limit'>,
  wanted: number,
  step: (part: SearchPart, missing: number) => Promise<T[]>,
): Promise<T[]> {
  const p = search.pattern;
  const inMemory =
    p?.searchPattern === 'CONTAINS' || (p?.searchPattern === 'END' && !p.pattern.startsWith('+'));
  if (!p || !inMemory) return step(search, wanted);
  const candidates = await index.candidates(db, {
    ...search,
    pattern: p.pattern,
    end: p.searchPattern === 'END',
  });
  const found: T[] = [];
  let batch = Math.min(MAX_BATCH, Math.max(16, wanted * 2));
  while (found.length < wanted) {
    const ids = take(candidates, batch);
    if (!ids.length) break;
    found.push(
      ...(await step({ ...search, pattern: undefined, ids: JSON.stringify(ids) }, wanted - found.length)),
    );
    batch = Math.min(MAX_BATCH, batch * 4);
  }
  return found;
}
