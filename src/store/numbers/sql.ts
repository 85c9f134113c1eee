import type { ActiveNumberRecord, NumberChange } from '../../domain/numbers/activeNumber.js';
import type { Dialect } from '../db/dialect.js';
import { undefinedOnConflict } from '../db/errors.js';
import { keysetPage } from '../db/keyset.js';
import { type Db, Params } from '../db/port.js';
import { listedActiveNumbers } from '../db/projectCounts.js';
import type { ContainsIndex } from '../inventory/containsIndex.js';
import { INVENTORY_COLUMNS, type InventoryDbRow, inventoryFromRow } from '../inventory/rows.js';
import { forEachPart, likeOperand, masksPredicate, searchSelect } from '../inventory/search.js';
import { insertJobs } from '../jobs/sql.js';
import { insertEvents } from '../outbox/sql.js';
import type { ActiveCache } from './activeCache.js';
import type { ActiveListQuery, NumbersPort, RentBuilder } from './port.js';

type RecordRow = { record: string | ActiveNumberRecord };

export function activeFromRow(row: RecordRow): ActiveNumberRecord {
  return typeof row.record === 'string' ? JSON.parse(row.record) : row.record;
}

/**
 * Writes an active number (`record` is the whole document, the other columns copies for
 * filtering and ordering) with its jobs and events, in the caller's transaction.
 */
export async function writeActive(
  tx: Db,
  change: NumberChange,
  numberId: number,
  insert: boolean,
): Promise<ActiveNumberRecord> {
  const r = change.record;
  const record = JSON.stringify(r);
  if (insert) {
    await tx.run(
      `INSERT INTO active_numbers (phone_number, project_id, number_id, region_code, number_type, capabilities,
         display_name, expire_at, record)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb)`,
      [
        r.phoneNumber,
        r.projectId,
        numberId,
        r.regionCode,
        r.numberType,
        r.capabilities,
        r.displayName,
        r.expireAt,
        record,
      ],
    );
  } else {
    await tx.run(
      `UPDATE active_numbers SET display_name = $3, expire_at = $4, record = $5::text::jsonb
       WHERE phone_number = $1 AND project_id = $2`,
      [r.phoneNumber, r.projectId, r.displayName, r.expireAt, record],
    );
  }
  await insertJobs(tx, change.jobs);
  await insertEvents(tx, change.events ?? []);
  return r;
}

/** The claimed row (at most one) becomes the active number `build` makes of it. */
async function activate(
  tx: Db,
  rows: InventoryDbRow[],
  build: RentBuilder,
): Promise<ActiveNumberRecord | undefined> {
  const row = rows[0];
  if (!row) return undefined;
  const inventoryRow = inventoryFromRow(row);
  return writeActive(tx, build(inventoryRow), inventoryRow.id, true);
}

/** Rentals share a commit with the others of the same event-loop turn on SQLite (port.ts, `group`). */
const GROUP_COMMIT = { group: true } as const;

/**
 * `active`: the active numbers kept in memory (SQLite, whose change log says what changed), or
 * none: every read reads the table.
 */
export function numbersStore(
  db: Db,
  dialect: Dialect,
  contains: ContainsIndex,
  active?: ActiveCache,
): NumbersPort {
  /** One page of the list: the rows' `select` columns, and the total. */
  function page<R>(query: ActiveListQuery, select?: string) {
    const params = new Params();
    const listed = `project_id = ${params.add(query.projectId)} AND (expire_at IS NULL OR expire_at > ${params.add(query.now)}::bigint)`;
    let where = listed;
    if (query.regionCode) where += ` AND region_code = ${params.add(query.regionCode)}`;
    if (query.numberType) where += ` AND number_type = ${params.add(query.numberType)}`;
    if (query.capabilityMasks) where += ` AND ${masksPredicate(query.capabilityMasks)}`;
    if (query.pattern) where += ` AND phone_number LIKE ${params.add(likeOperand(query.pattern))}`;
    // Unfiltered: the maintained count, not a count(*) of the project's numbers.
    const total =
      where === listed
        ? { sql: listedActiveNumbers('$1', '$2'), values: [query.projectId, query.now] }
        : undefined;
    const after = query.after;
    return keysetPage<R>(db, {
      table: 'active_numbers',
      where,
      params,
      total,
      select,
      after:
        after &&
        ((p) =>
          query.orderBy === 'displayName'
            ? `(display_name, phone_number) > (${p.add(after.displayName)}, ${p.add(after.phoneNumber)})`
            : `phone_number > ${p.add(after.phoneNumber)}`),
      order: query.orderBy === 'displayName' ? 'display_name, phone_number' : 'phone_number',
      limit: query.limit,
    });
  }

  /**
   * The records of a page of numbers from memory, the ones not kept read from the table; undefined
   * when one of them is no longer the project's (changed since the page was read).
   */
  async function keptRecords(
    cache: ActiveCache,
    projectId: string,
    e164s: string[],
  ): Promise<ActiveNumberRecord[] | undefined> {
    await cache.follow();
    const mark = cache.mark();
    const records: (ActiveNumberRecord | undefined)[] = e164s.map((e164) => {
      const kept = cache.get(e164);
      return kept?.projectId === projectId ? kept : undefined;
    });
    const missing = e164s.filter((_, i) => records[i] === undefined);
    if (missing.length) {
      const rows = await db.all<RecordRow & { phone_number: string }>(
        `SELECT phone_number, record FROM active_numbers
         WHERE project_id = $1 AND ${dialect.textInJson('phone_number', '$2')}`,
        [projectId, JSON.stringify(missing)],
      );
      const read = new Map(rows.map((row) => [row.phone_number, row]));
      for (let i = 0; i < records.length; i++) {
        if (records[i]) continue;
        const row = read.get(e164s[i]!);
        if (!row) return undefined;
        records[i] = cache.keep(activeFromRow(row), mark);
      }
    }
    return records as ActiveNumberRecord[];
  }

  return {
    rent(e164, build) {
      // On PostgreSQL the row lock makes concurrent claimers of the same number wait; the first
      // commits and the others then see status ACTIVE and update nothing.
      return undefinedOnConflict(
        db.transaction(async (tx) => {
          const rows = await tx.all<InventoryDbRow>(
            `UPDATE phone_numbers SET status = 'ACTIVE' WHERE e164 = $1 AND status = 'AVAILABLE'
             RETURNING ${INVENTORY_COLUMNS}`,
            [e164],
          );
          return activate(tx, rows, build);
        }, GROUP_COMMIT),
      );
    },
    rentAny(search, build) {
      return undefinedOnConflict(
        db.transaction(async (tx) => {
          const rows = await forEachPart(tx, contains, search, 1, (part) => {
            const params = new Params();
            const first = searchSelect(dialect, part, params, 'id');
            return tx.all<InventoryDbRow>(
              `UPDATE phone_numbers SET status = 'ACTIVE'
               WHERE ${dialect.idIn(`${first} LIMIT 1 ${dialect.forUpdateSkipLocked}`)} AND status = 'AVAILABLE'
               RETURNING ${INVENTORY_COLUMNS}`,
              params.values,
            );
          });
          return activate(tx, rows, build);
        }, GROUP_COMMIT),
      );
    },
    async getActive(projectId, e164) {
      const read = () =>
        db.get<RecordRow>('SELECT record FROM active_numbers WHERE phone_number = $1 AND project_id = $2', [
          e164,
          projectId,
        ]);
      if (!active) {
        const row = await read();
        return row && activeFromRow(row);
      }
      await active.follow();
      const kept = active.get(e164);
      // The number is kept, current: it is this project's or none's (one row per number).
      if (kept) return kept.projectId === projectId ? kept : undefined;
      const mark = active.mark();
      const row = await read();
      return row && active.keep(activeFromRow(row), mark);
    },
    async listActive(query) {
      if (active) {
        const { rows, totalSize } = await page<{ phone_number: string }>(query, 'phone_number');
        const records = await keptRecords(
          active,
          query.projectId,
          rows.map((row) => row.phone_number),
        );
        // A number of the page changed hands meanwhile: read the page again, whole.
        if (records) return { records, totalSize };
      }
      const { rows, totalSize } = await page<RecordRow>(query);
      return { records: rows.map(activeFromRow), totalSize };
    },
    updateActive(projectId, e164, mutate) {
      return db.transaction(async (tx) => {
        const row = await tx.get<RecordRow & { number_id: number }>(
          `SELECT record, number_id FROM active_numbers WHERE phone_number = $1 AND project_id = $2 ${dialect.forUpdate}`,
          [e164, projectId],
        );
        if (!row) return undefined;
        const current = activeFromRow(row);
        // Synchronous and pure: if it throws, the transaction rolls back and the error passes through.
        const change = mutate(current);
        if (!change) return current;
        return writeActive(tx, change, Number(row.number_id), false);
      });
    },
    completeRelease(projectId, e164, now, onRemoved) {
      return db.transaction(async (tx) => {
        // The DELETE locks the row: a concurrent completer waits, then deletes nothing. The
        // emergency address goes with the row (ON DELETE CASCADE).
        const row = await tx.get<RecordRow & { number_id: number }>(
          `DELETE FROM active_numbers WHERE phone_number = $1 AND project_id = $2
             AND expire_at IS NOT NULL AND expire_at <= $3::bigint
           RETURNING number_id, record`,
          [e164, projectId, now],
        );
        if (!row) return false;
        await tx.run("UPDATE phone_numbers SET status = 'AVAILABLE' WHERE id = $1", [row.number_id]);
        await insertEvents(tx, onRemoved(activeFromRow(row)));
        return true;
      });
    },
  };
}
