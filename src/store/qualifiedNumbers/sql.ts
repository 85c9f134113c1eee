import { type QualifiedNumberRecord, transition } from '../../domain/qualified/qualifiedNumber.js';
import { insertAudit } from '../audit/sql.js';
import type { Dialect } from '../db/dialect.js';
import { StoreConflict } from '../db/errors.js';
import { keysetPage, numberKeyset } from '../db/keyset.js';
import { type Db, Params } from '../db/port.js';
import { insertJobs } from '../jobs/sql.js';
import type { QualifiedNumbersPort, VoiceCall } from './port.js';

type RecordRow = { record: string | QualifiedNumberRecord };

const fromRow = (row: RecordRow): QualifiedNumberRecord =>
  typeof row.record === 'string' ? JSON.parse(row.record) : row.record;

/** Row locks only where the dialect has them (SQLite's transactions hold the write lock). */
const forUpdate = (db: Db) => (db.dialect === 'postgres' ? 'FOR UPDATE' : '');

async function insertRecord(tx: Db, r: QualifiedNumberRecord): Promise<void> {
  await tx.run(
    `INSERT INTO qualified_numbers (project_id, phone_number, region_code, state, hosting_order_id,
       created_at, updated_at, record)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb)`,
    [
      r.projectId,
      r.phoneNumber,
      r.regionCode,
      r.state,
      r.hostingOrderId,
      r.createdAt,
      r.updatedAt,
      JSON.stringify(r),
    ],
  );
}

async function writeRecord(tx: Db, r: QualifiedNumberRecord): Promise<void> {
  await tx.run(
    `UPDATE qualified_numbers SET state = $3, hosting_order_id = $4, updated_at = $5, record = $6::text::jsonb
     WHERE project_id = $1 AND phone_number = $2`,
    [r.projectId, r.phoneNumber, r.state, r.hostingOrderId, r.updatedAt, JSON.stringify(r)],
  );
}

async function lockRecords(tx: Db, projectId: string, phoneNumbers: readonly string[]) {
  if (!phoneNumbers.length) return [];
  const params = new Params([projectId]);
  // Locked in phone-number order, so two claims of overlapping numbers never deadlock.
  const rows = await tx.all<RecordRow>(
    `SELECT record FROM qualified_numbers WHERE project_id = $1 AND phone_number IN (${params.list(phoneNumbers)})
     ORDER BY phone_number ${forUpdate(tx)}`,
    params.values,
  );
  return rows.map(fromRow);
}

/**
 * The hosting orders' hand-off, in the caller's transaction: the requested numbers that are not
 * VERIFIED in this project (unknown ones included), in the order asked. When there are none,
 * every one moves to HOSTING_IN_PROGRESS with `hostingOrderId` recorded; else nothing changes.
 */
export async function claimForHosting(
  tx: Db,
  projectId: string,
  phoneNumbers: readonly string[],
  hostingOrderId: string,
  now: number,
): Promise<string[]> {
  const unique = [...new Set(phoneNumbers)];
  const records = new Map((await lockRecords(tx, projectId, unique)).map((r) => [r.phoneNumber, r] as const));
  const refused = unique.filter((n) => records.get(n)?.state !== 'VERIFIED');
  if (refused.length) return refused;
  for (const phoneNumber of unique) {
    await writeRecord(
      tx,
      transition(records.get(phoneNumber)!, { type: 'claimForHosting', hostingOrderId }, now),
    );
  }
  return [];
}

/**
 * A number hosted by `hostingOrderId` ends HOSTING_DONE or HOSTING_FAILED (`error` a short text,
 * '' when done), in the caller's transaction. A number not in HOSTING_IN_PROGRESS for that order
 * is left alone, so a repeated call changes nothing.
 */
export async function finishHosting(
  tx: Db,
  projectId: string,
  phoneNumber: string,
  hostingOrderId: string,
  outcome: 'HOSTING_DONE' | 'HOSTING_FAILED',
  error: string,
  now: number,
): Promise<void> {
  const [record] = await lockRecords(tx, projectId, [phoneNumber]);
  if (record?.state !== 'HOSTING_IN_PROGRESS' || record.hostingOrderId !== hostingOrderId) return;
  await writeRecord(tx, transition(record, { type: 'finishHosting', outcome, error }, now));
}

type VoiceCallRow = {
  project_id: string;
  phone_number: string;
  code: string;
  created_at: number | string;
  expire_at: number | string;
};

/** Qualified numbers: `record` is the whole document, the other columns copies for filters and order. */
export function qualifiedNumbersStore(db: Db, _dialect: Dialect): QualifiedNumbersPort {
  return {
    async create(records, jobs) {
      const first = records[0];
      if (!first) return [];
      const projectId = first.projectId;
      const existing = async (tx: Db) => {
        const found = await lockRecords(
          tx,
          projectId,
          records.map((r) => r.phoneNumber),
        );
        const taken = new Set(found.map((r) => r.phoneNumber));
        return records.find((r) => taken.has(r.phoneNumber))?.phoneNumber;
      };
      try {
        return await db.transaction(async (tx) => {
          const taken = await existing(tx);
          if (taken) return { existing: taken };
          for (const record of records) await insertRecord(tx, record);
          await insertJobs(tx, [...jobs], first.createdAt);
          return [...records];
        });
      } catch (error) {
        // Two batches with a common number at once: the primary key lets one through.
        if (error instanceof StoreConflict && error.conflict === 'unique') {
          return { existing: (await existing(db)) ?? first.phoneNumber };
        }
        throw error;
      }
    },
    async get(projectId, e164) {
      const row = await db.get<RecordRow>(
        'SELECT record FROM qualified_numbers WHERE project_id = $1 AND phone_number = $2',
        [projectId, e164],
      );
      return row && fromRow(row);
    },
    async list(query) {
      const params = new Params();
      let where = `project_id = ${params.add(query.projectId)} AND state IN (${params.list(query.states)})`;
      if (query.regionCode) where += ` AND region_code = ${params.add(query.regionCode)}`;
      const { rows, totalSize } = await keysetPage<RecordRow>(db, {
        table: 'qualified_numbers',
        where,
        params,
        ...numberKeyset(query.orderBy, query.after),
        limit: query.limit,
      });
      return { records: rows.map(fromRow), totalSize };
    },
    async queue(query) {
      const params = new Params();
      const where = `state = ${params.add(query.state)}`;
      const after = query.after;
      const { rows, totalSize } = await keysetPage<RecordRow>(db, {
        table: 'qualified_numbers',
        where,
        params,
        after:
          after &&
          ((p) =>
            `(created_at, project_id, phone_number) > (${p.add(after.at)}::bigint, ${p.add(after.projectId)}, ${p.add(after.phoneNumber)})`),
        order: 'created_at, project_id, phone_number',
        limit: query.limit,
      });
      return { records: rows.map(fromRow), totalSize };
    },
    async countByState(state) {
      const row = await db.get<{ n: number | string }>(
        'SELECT count(*) AS n FROM qualified_numbers WHERE state = $1',
        [state],
      );
      return Number(row!.n);
    },
    update(projectId, e164, mutate) {
      return db.transaction(async (tx) => {
        const [current] = await lockRecords(tx, projectId, [e164]);
        if (!current) return undefined;
        const change = mutate(current);
        if (!change) return current;
        await writeRecord(tx, change.record);
        if (change.jobs?.length) await insertJobs(tx, change.jobs, change.record.updatedAt);
        await insertAudit(tx, change.audit);
        const call = change.voiceCall;
        if (call) {
          await tx.run(
            `INSERT INTO qualified_voice_calls (project_id, phone_number, code, created_at, expire_at)
             VALUES ($1, $2, $3, $4, $5)`,
            [call.projectId, call.phoneNumber, call.code, call.createdAt, call.expireAt],
          );
        }
        return change.record;
      });
    },
    delete(projectId, e164, check) {
      return db.transaction(async (tx) => {
        const [current] = await lockRecords(tx, projectId, [e164]);
        if (!current) return false;
        check(current);
        await tx.run('DELETE FROM qualified_numbers WHERE project_id = $1 AND phone_number = $2', [
          projectId,
          e164,
        ]);
        return true;
      });
    },
    claimForHosting(projectId, phoneNumbers, hostingOrderId, now) {
      return db.transaction((tx) => claimForHosting(tx, projectId, phoneNumbers, hostingOrderId, now));
    },
    finishHosting(projectId, phoneNumber, hostingOrderId, outcome, error, now) {
      return db.transaction((tx) =>
        finishHosting(tx, projectId, phoneNumber, hostingOrderId, outcome, error, now),
      );
    },
    async voiceCalls(phoneNumber, limit) {
      const rows = await db.all<VoiceCallRow>(
        `SELECT project_id, phone_number, code, created_at, expire_at FROM qualified_voice_calls
         WHERE phone_number = $1 ORDER BY id DESC LIMIT $2`,
        [phoneNumber, limit],
      );
      return rows.map(
        (row): VoiceCall => ({
          projectId: row.project_id,
          phoneNumber: row.phone_number,
          code: row.code,
          createdAt: Number(row.created_at),
          expireAt: Number(row.expire_at),
        }),
      );
    },
  };
}
