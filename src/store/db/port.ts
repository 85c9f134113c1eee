/**
 * The one query layer under every store module. SQL is written once, PostgreSQL style: `$1, $2…`
 * placeholders (a number may repeat) and `::type` casts where PostgreSQL needs to know a
 * parameter's type. The SQLite adapter converts both in one place (`toSqlite`), so a statement
 * differs between the dialects only where the dialects really differ (see `Dialect`).
 */
export type DialectName = 'sqlite' | 'postgres';

export interface TransactionOptions {
  /**
   * Serialises the transaction with every other one holding the same lock, in every process: an
   * advisory lock on PostgreSQL, the write lock (every SQLite transaction takes it) on SQLite.
   */
  lock?: string;
  /**
   * SQLite only: the transaction may share one `BEGIN IMMEDIATE … COMMIT` with the other grouped
   * transactions started in the same event-loop turn (group commit), each in a savepoint of its
   * own, so one that throws rolls back only its own work and the others still commit. Its result
   * is delivered after the shared COMMIT. For short transactions that many requests run at once
   * (rent, rentAny). PostgreSQL runs it as a transaction of its own.
   */
  group?: boolean;
}

export interface Db {
  readonly dialect: DialectName;
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  get<T>(sql: string, params?: unknown[]): Promise<T | undefined>;
  /** Runs a statement; returns the number of rows it changed. */
  run(sql: string, params?: unknown[]): Promise<number>;
  /** Runs a script of statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /**
   * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws (the error
   * passes through). Inside, use only the `tx` it is given.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>, options?: TransactionOptions): Promise<T>;
}

/** Positional parameters for statements assembled from parts. */
export class Params {
  readonly values: unknown[];
  constructor(values: unknown[] = []) {
    this.values = [...values];
  }
  /** Adds a value and returns its placeholder. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
  /** Placeholders for a list of values, for `IN (…)`. */
  list(values: readonly unknown[]): string {
    return values.map((value) => this.add(value)).join(', ');
  }
}

/** `WHERE a AND b …`, or nothing when there are no conditions. */
export function whereClause(conditions: string[]): string {
  return conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
}
