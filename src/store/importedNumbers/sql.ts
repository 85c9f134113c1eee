import type { ImportedNumberRecord } from '../../domain/imported/importedNumber.js';
import type { Dialect } from '../db/dialect.js';
import { StoreConflict } from '../db/errors.js';
import { keysetPage, numberKeyset } from '../db/keyset.js';
import { type Db, Params } from '../db/port.js';
import { countedRows } from '../db/projectCounts.js';
import { likeOperand } from '../inventory/search.js';
import { insertJobs } from '../jobs/sql.js';
import { insertEvents } from '../outbox/sql.js';
import type { ImportedNumbersPort } from './port.js';

type RecordRow = { record: string | ImportedNumberRecord };

const fromRow = (row: RecordRow): ImportedNumberRecord =>
  typeof row.record === 'string' ? JSON.parse(row.record) : row.record;

/** Inserts an imported number in the caller's transaction (the number must not be imported yet). */
export async function insertImportedNumber(tx: Db, r: ImportedNumberRecord): Promise<void> {
  await tx.run(
    `INSERT INTO imported_numbers (phone_number, project_id, region_code, service_plan_id, campaign_id,
       created_at, updated_at, record)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb)`,
    [
      r.phoneNumber,
      r.projectId,
      r.regionCode,
      r.servicePlanId,
      r.campaignId,
      r.createdAt,
      r.updatedAt,
      JSON.stringify(r),
    ],
  );
}

/** Imported numbers: `record` is the whole document, the other columns copies for filters and order. */
export function importedNumbersStore(db: Db, dialect: Dialect): ImportedNumbersPort {
  return {
    async create({ record: r, jobs = [], events = [] }) {
      try {
        return await db.transaction(async (tx) => {
          // Any inventory row (available, reserved or active) is a Sinch number: not importable.
          if (await tx.get('SELECT 1 AS found FROM phone_numbers WHERE e164 = $1', [r.phoneNumber])) {
            return 'inventory' as const;
          }
          if (
            await tx.get('SELECT 1 AS found FROM imported_numbers WHERE phone_number = $1', [r.phoneNumber])
          ) {
            return 'imported' as const;
          }
          if (
            await tx.get(
              'SELECT 1 AS found FROM hosting_order_numbers WHERE phone_number = $1 AND open = 1',
              [r.phoneNumber],
            )
          ) {
            return 'hosting' as const;
          }
          await insertImportedNumber(tx, r);
          await insertJobs(tx, jobs, r.createdAt);
          await insertEvents(tx, events);
          return r;
        });
      } catch (error) {
        // Two imports of one number at once: the primary key lets one through.
        if (error instanceof StoreConflict) return 'imported';
        throw error;
      }
    },
    async get(projectId, e164) {
      const row = await db.get<RecordRow>(
        'SELECT record FROM imported_numbers WHERE phone_number = $1 AND project_id = $2',
        [e164, projectId],
      );
      return row && fromRow(row);
    },
    async list(query) {
      const params = new Params();
      const project = `project_id = ${params.add(query.projectId)}`;
      let where = project;
      if (query.regionCode) where += ` AND region_code = ${params.add(query.regionCode)}`;
      if (query.servicePlanId) where += ` AND service_plan_id = ${params.add(query.servicePlanId)}`;
      if (query.campaignId) where += ` AND campaign_id = ${params.add(query.campaignId)}`;
      if (query.pattern) where += ` AND phone_number LIKE ${params.add(likeOperand(query.pattern))}`;
      // Unfiltered: the maintained count, not a count(*) of the project's numbers.
      const total =
        where === project ? { sql: countedRows('imported', '$1'), values: [query.projectId] } : undefined;
      const { rows, totalSize } = await keysetPage<RecordRow>(db, {
        table: 'imported_numbers',
        where,
        params,
        total,
        ...numberKeyset(query.orderBy, query.after),
        limit: query.limit,
      });
      return { records: rows.map(fromRow), totalSize };
    },
    update(projectId, e164, mutate) {
      return db.transaction(async (tx) => {
        const row = await tx.get<RecordRow>(
          `SELECT record FROM imported_numbers WHERE phone_number = $1 AND project_id = $2 ${dialect.forUpdate}`,
          [e164, projectId],
        );
        if (!row) return undefined;
        const current = fromRow(row);
        // Synchronous and pure: if it throws, the transaction rolls back and the error passes through.
        const change = mutate(current);
        if (!change) return current;
        const next = change.record;
        await tx.run(
          `UPDATE imported_numbers SET service_plan_id = $3, campaign_id = $4, updated_at = $5, record = $6::text::jsonb
           WHERE phone_number = $1 AND project_id = $2`,
          [e164, projectId, next.servicePlanId, next.campaignId, next.updatedAt, JSON.stringify(next)],
        );
        await insertJobs(tx, change.jobs ?? [], next.updatedAt);
        await insertEvents(tx, change.events ?? []);
        return next;
      });
    },
    delete(projectId, e164, onRemoved) {
      return db.transaction(async (tx) => {
        const row = await tx.get<RecordRow>(
          'DELETE FROM imported_numbers WHERE phone_number = $1 AND project_id = $2 RETURNING record',
          [e164, projectId],
        );
        if (!row) return false;
        if (onRemoved) await insertEvents(tx, onRemoved(fromRow(row)));
        return true;
      });
    },
  };
}
