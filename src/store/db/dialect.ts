import type { DialectName } from './port.js';

/**
 * The few SQL fragments in which SQLite and PostgreSQL differ. Everything else is written once.
 * SQLite needs no row locks: one process writes at a time and its transactions take the write
 * lock first. PostgreSQL serves many processes, so claims lock what they take (DESIGN.md §4).
 */
export interface Dialect {
  readonly name: DialectName;
  /** Claims by many processes take different rows instead of queueing on the first. */
  readonly forUpdateSkipLocked: string;
  readonly forUpdate: string;
  readonly forShare: string;
  /** `id` among the rows `subquery` selects, evaluated (and locked) once, before the update. */
  idIn(subquery: string): string;
  /** `id` is one of the JSON array of integers `param` holds (CONTAINS candidates). */
  idInJson(param: string): string;
  /** `column` (text) is one of the JSON array of strings `param` holds: one statement for any count. */
  textInJson(column: string, param: string): string;
  /** Between the table and WHERE of a search by candidate ids: look them up by id. */
  readonly byIdHint: string;
  /**
   * How a search by candidate ids orders them: by e164, but never by walking an index in e164
   * order while testing each row against the list (a generic plan's choice on PostgreSQL).
   */
  readonly byIdOrder: string;
}
