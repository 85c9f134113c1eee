import { errors } from '../../errors.js';

/**
 * Database failures that are answers, not faults. Both adapters pass every error through
 * `mapDbError`, the one place where SQLSTATEs and SQLite result codes are read.
 */
export type Conflict = 'unique' | 'foreignKey' | 'serialization';

/**
 * A constraint or concurrency conflict. Store modules turn it into the answer their port gives
 * when the row is not there or not available (a raced claim is "not available"), so no
 * database error reaches the domain.
 */
export class StoreConflict extends Error {
  constructor(
    readonly conflict: Conflict,
    override readonly cause: unknown,
  ) {
    super(`store conflict: ${conflict}`);
  }
}

const PG_CODES: Record<string, Conflict> = {
  '23505': 'unique',
  '23503': 'foreignKey',
  '40001': 'serialization',
  '40P01': 'serialization',
};

const SQLITE_CODES: Record<string, Conflict> = {
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreignKey',
  // Not SQLITE_BUSY: every transaction starts with BEGIN IMMEDIATE, so "busy" means another
  // process held the write lock past busy_timeout (5 s) — a fault of the deployment, not a lost
  // race, and answering "number not available" would be false.
};

/** PostgreSQL cannot store NUL in text (22021) nor `\u0000` in json (22P05). */
const PG_UNSTORABLE_TEXT = new Set(['22021', '22P05']);

/** The error to throw instead of `error`: a conflict, a domain error, or `error` itself. */
export function mapDbError(error: unknown): unknown {
  if (error instanceof StoreConflict || !(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return error;
  const conflict = PG_CODES[code] ?? SQLITE_CODES[code];
  if (conflict) return new StoreConflict(conflict, error);
  if (PG_UNSTORABLE_TEXT.has(code)) {
    return errors.invalidArgument('Text must be valid Unicode without NUL characters');
  }
  return error;
}

/** `undefined` instead of a conflict: for claims, where a lost race means "not available". */
export async function undefinedOnConflict<T>(work: Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof StoreConflict) return undefined;
    throw error;
  }
}
