import type { HostingOrderNumberRecord, HostingOrderRecord } from '../../domain/hosting/hostingOrder.js';
import { insertAudit } from '../audit/sql.js';
import type { Dialect } from '../db/dialect.js';
import { StoreConflict } from '../db/errors.js';
import { keysetPage } from '../db/keyset.js';
import { type Db, Params, whereClause } from '../db/port.js';
import { insertImportedNumber } from '../importedNumbers/sql.js';
import { insertJobs } from '../jobs/sql.js';
import { insertMail } from '../mail/sql.js';
import { insertEvents } from '../outbox/sql.js';
import type { HostingChange, HostingConflict, HostingOrdersPort, LoaDocument } from './port.js';
import { claimQualified, finishQualified } from './qualified.js';

type RecordRow = { record: string | object };

const parse = <T>(row: RecordRow): T =>
  (typeof row.record === 'string' ? JSON.parse(row.record) : row.record) as T;

const ORDER_COLUMN = { createdTime: 'created_at', updatedTime: 'updated_at' } as const;

const open = (order: HostingOrderRecord) =>
  order.state === 'COMPLETED' || order.state === 'REJECTED' ? 0 : 1;

/** Thrown inside a transaction to roll it back with an answer. */
class Refused extends Error {
  constructor(readonly answer: { conflict: HostingConflict } | { notVerified: string[] }) {
    super('refused');
  }
}

async function writeNumbers(
  tx: Db,
  order: HostingOrderRecord,
  numbers: HostingOrderNumberRecord[],
  insert: boolean,
) {
  for (const n of numbers) {
    const values = [
      n.hostingOrderId,
      n.phoneNumber,
      n.projectId,
      open(order),
      n.osrUpdate.state,
      n.platformProvisioning.state,
      n.campaignProvisioning.state,
      JSON.stringify(n),
    ];
    await tx.run(
      insert
        ? `INSERT INTO hosting_order_numbers (hosting_order_id, phone_number, project_id, open, osr_state,
             platform_state, campaign_state, record) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb)`
        : `UPDATE hosting_order_numbers SET project_id = $3, open = $4, osr_state = $5, platform_state = $6,
             campaign_state = $7, record = $8::text::jsonb WHERE hosting_order_id = $1 AND phone_number = $2`,
      values,
    );
  }
}

/** The numbers of a request that cannot join an order, first by the request's order. */
async function firstConflict(tx: Db, phoneNumbers: string[]): Promise<HostingConflict | undefined> {
  const params = new Params();
  const list = params.list(phoneNumbers);
  const rows = await tx.all<{ phone_number: string; reason: HostingConflict['reason'] }>(
    `SELECT phone_number, 'imported' AS reason FROM imported_numbers WHERE phone_number IN (${list})
     UNION ALL SELECT e164 AS phone_number, 'inventory' AS reason FROM phone_numbers WHERE e164 IN (${list})
     UNION ALL SELECT phone_number, 'hosting' AS reason FROM hosting_order_numbers WHERE open = 1 AND phone_number IN (${list})`,
    params.values,
  );
  const found = new Map(rows.map((r) => [r.phone_number, r.reason]));
  const first = phoneNumbers.find((n) => found.has(n));
  return first ? { phoneNumber: first, reason: found.get(first)! } : undefined;
}

/** Writes an order change in the caller's transaction. */
async function writeChange(tx: Db, change: HostingChange, insert: boolean): Promise<HostingOrderRecord> {
  const { order } = change;
  const values = [
    order.hostingOrderId,
    order.projectId,
    order.state,
    order.type,
    order.regionCode,
    order.servicePlanId,
    order.campaignId,
    order.createdAt,
    order.updatedAt,
    JSON.stringify(order),
  ];
  if (insert) {
    await tx.run(
      `INSERT INTO hosting_orders (hosting_order_id, project_id, state, type, region_code, service_plan_id,
         campaign_id, created_at, updated_at, record)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::bigint, $9::bigint, $10::text::jsonb)`,
      values,
    );
  } else {
    await tx.run(
      `UPDATE hosting_orders SET state = $3, type = $4, region_code = $5, service_plan_id = $6, campaign_id = $7,
         created_at = $8::bigint, updated_at = $9::bigint, record = $10::text::jsonb
       WHERE hosting_order_id = $1 AND project_id = $2`,
      values,
    );
    // A closed order frees its numbers for another order.
    if (!open(order)) {
      await tx.run('UPDATE hosting_order_numbers SET open = 0 WHERE hosting_order_id = $1', [
        order.hostingOrderId,
      ]);
    }
  }
  await writeNumbers(tx, order, change.numbers ?? [], insert);
  if (change.loa) {
    await tx.run(
      `INSERT INTO hosting_loas (hosting_order_id, project_id, token_hash, pdf, created_at)
       VALUES ($1, $2, $3, $4::bytea, $5::bigint)`,
      [order.hostingOrderId, order.projectId, change.loa.tokenHash, change.loa.pdf, order.updatedAt],
    );
  }
  if (change.signedLoa) {
    const signedNow = await tx.run(
      `UPDATE hosting_loas SET signed_pdf = $2::bytea, signature = $3::text::jsonb
       WHERE hosting_order_id = $1 AND signed_pdf IS NULL`,
      [order.hostingOrderId, change.signedLoa.pdf, JSON.stringify(change.signedLoa.signature)],
    );
    // The token is spent by the first signature: a second one rolls its whole change back.
    if (signedNow !== 1)
      throw new Error(`The LOA of hosting order ${order.hostingOrderId} is signed already`);
  }
  if (change.finished) {
    // A number imported elsewhere meanwhile is not in `imported` (the mutation saw it in
    // `importedElsewhere` and failed it); one imported after that look breaks the unique key,
    // the transaction rolls back and the step's job runs again.
    for (const record of change.finished.imported) await insertImportedNumber(tx, record);
    if (order.qualified) await finishQualified(tx, order, change.finished.outcomes);
  }
  await insertJobs(tx, change.jobs ?? []);
  await insertEvents(tx, change.events ?? []);
  await insertAudit(tx, change.audit);
  await insertMail(tx, change.mail ?? []);
  return order;
}

export function hostingOrdersStore(db: Db, dialect: Dialect): HostingOrdersPort {
  const SELECT = 'SELECT record FROM hosting_orders WHERE hosting_order_id = $1 AND project_id = $2';
  return {
    async create(change, options) {
      try {
        return await db.transaction(async (tx) => {
          const phoneNumbers = change.numbers.map((n) => n.phoneNumber);
          const conflict = await firstConflict(tx, phoneNumbers);
          if (conflict) throw new Refused({ conflict });
          if (options.claimQualified) {
            const notVerified = await claimQualified(tx, change.order, phoneNumbers);
            if (notVerified.length) throw new Refused({ notVerified });
          }
          return await writeChange(tx, change, true);
        });
      } catch (error) {
        if (error instanceof Refused) return error.answer;
        // Two orders of one number at once: the open-number index lets one through; the winner
        // is committed now, so a second look names the number.
        if (error instanceof StoreConflict && error.conflict !== 'foreignKey') {
          const phoneNumbers = change.numbers.map((n) => n.phoneNumber);
          const conflict = (await firstConflict(db, phoneNumbers)) ?? {
            phoneNumber: phoneNumbers[0]!,
            reason: 'hosting' as const,
          };
          return { conflict };
        }
        throw error;
      }
    },
    async get(projectId, hostingOrderId) {
      const row = await db.get<RecordRow>(SELECT, [hostingOrderId, projectId]);
      return row && parse<HostingOrderRecord>(row);
    },
    async getById(hostingOrderId) {
      const row = await db.get<RecordRow>('SELECT record FROM hosting_orders WHERE hosting_order_id = $1', [
        hostingOrderId,
      ]);
      return row && parse<HostingOrderRecord>(row);
    },
    async list(query) {
      const params = new Params();
      let where = `project_id = ${params.add(query.projectId)}`;
      if (query.states?.length) where += ` AND state IN (${params.list(query.states)})`;
      if (query.type) where += ` AND type = ${params.add(query.type)}`;
      if (query.servicePlanId) where += ` AND service_plan_id = ${params.add(query.servicePlanId)}`;
      if (query.campaignId) where += ` AND campaign_id = ${params.add(query.campaignId)}`;
      if (query.regionCode) where += ` AND region_code = ${params.add(query.regionCode)}`;
      const column = ORDER_COLUMN[query.orderBy];
      const after = query.after;
      const { rows, totalSize } = await keysetPage<RecordRow>(db, {
        table: 'hosting_orders',
        where,
        params,
        after:
          after &&
          ((p) => `(${column}, hosting_order_id) > (${p.add(after.at)}::bigint, ${p.add(after.id)})`),
        order: `${column}, hosting_order_id`,
        limit: query.limit,
      });
      return { records: rows.map((r) => parse<HostingOrderRecord>(r)), totalSize };
    },
    async listAll(filter) {
      const params = new Params();
      const conditions: string[] = [];
      if (filter.state) conditions.push(`state = ${params.add(filter.state)}`);
      if (filter.projectId) conditions.push(`project_id = ${params.add(filter.projectId)}`);
      const rows = await db.all<RecordRow>(
        `SELECT record FROM hosting_orders ${whereClause(conditions)}
         ORDER BY created_at, hosting_order_id LIMIT ${params.add(filter.limit)}`,
        params.values,
      );
      return rows.map((r) => parse<HostingOrderRecord>(r));
    },
    async countByState(state) {
      const row = await db.get<{ n: number | string }>(
        'SELECT count(*) AS n FROM hosting_orders WHERE state = $1',
        [state],
      );
      return Number(row!.n);
    },
    async numbers(query) {
      const params = new Params();
      let where = `hosting_order_id = ${params.add(query.hostingOrderId)}`;
      if (query.osrUpdateState) where += ` AND osr_state = ${params.add(query.osrUpdateState)}`;
      if (query.platformProvisioningState) {
        where += ` AND platform_state = ${params.add(query.platformProvisioningState)}`;
      }
      if (query.campaignProvisioningState) {
        where += ` AND campaign_state = ${params.add(query.campaignProvisioningState)}`;
      }
      const after = query.after;
      const { rows, totalSize } = await keysetPage<RecordRow>(db, {
        table: 'hosting_order_numbers',
        where,
        params,
        after: after === undefined ? undefined : (p) => `phone_number > ${p.add(after)}`,
        order: 'phone_number',
        limit: query.limit,
      });
      return { records: rows.map((r) => parse<HostingOrderNumberRecord>(r)), totalSize };
    },
    async allNumbers(hostingOrderId) {
      const rows = await db.all<RecordRow>(
        'SELECT record FROM hosting_order_numbers WHERE hosting_order_id = $1 ORDER BY phone_number',
        [hostingOrderId],
      );
      return rows.map((r) => parse<HostingOrderNumberRecord>(r));
    },
    async getNumber(hostingOrderId, phoneNumber) {
      const row = await db.get<RecordRow>(
        'SELECT record FROM hosting_order_numbers WHERE hosting_order_id = $1 AND phone_number = $2',
        [hostingOrderId, phoneNumber],
      );
      return row && parse<HostingOrderNumberRecord>(row);
    },
    update(projectId, hostingOrderId, mutate) {
      return db.transaction(async (tx) => {
        const row = await tx.get<RecordRow>(`${SELECT} ${dialect.forUpdate}`, [hostingOrderId, projectId]);
        if (!row) return undefined;
        const current = parse<HostingOrderRecord>(row);
        const numbers = (
          await tx.all<RecordRow>(
            'SELECT record FROM hosting_order_numbers WHERE hosting_order_id = $1 ORDER BY phone_number',
            [hostingOrderId],
          )
        ).map((r) => parse<HostingOrderNumberRecord>(r));
        const elsewhere = await tx.all<{ phone_number: string }>(
          `SELECT i.phone_number FROM imported_numbers i JOIN hosting_order_numbers h
             ON h.phone_number = i.phone_number WHERE h.hosting_order_id = $1`,
          [hostingOrderId],
        );
        const importedElsewhere = new Set(elsewhere.map((r) => r.phone_number));
        // Synchronous and pure: if it throws, the transaction rolls back and the error passes through.
        const change = mutate(current, numbers, { importedElsewhere });
        return change ? writeChange(tx, change, false) : current;
      });
    },
    async getLoa(hostingOrderId) {
      const row = await db.get<{
        hosting_order_id: string;
        project_id: string;
        pdf: Buffer | Uint8Array;
        signed_pdf: Buffer | Uint8Array | null;
        signature: string | object | null;
      }>(
        'SELECT hosting_order_id, project_id, pdf, signed_pdf, signature FROM hosting_loas WHERE hosting_order_id = $1',
        [hostingOrderId],
      );
      if (!row) return undefined;
      const loa: LoaDocument = {
        hostingOrderId: row.hosting_order_id,
        projectId: row.project_id,
        pdf: Buffer.from(row.pdf),
        signedPdf: row.signed_pdf ? Buffer.from(row.signed_pdf) : null,
        signature:
          row.signature === null
            ? null
            : typeof row.signature === 'string'
              ? JSON.parse(row.signature)
              : (row.signature as LoaDocument['signature']),
      };
      return loa;
    },
    async findByTokenHash(tokenHash) {
      const row = await db.get<RecordRow>(
        `SELECT o.record FROM hosting_loas l JOIN hosting_orders o ON o.hosting_order_id = l.hosting_order_id
         WHERE l.token_hash = $1`,
        [tokenHash],
      );
      return row && parse<HostingOrderRecord>(row);
    },
    async getImportLimit(projectId) {
      const row = await db.get<{ import_numbers_limit: number }>(
        'SELECT import_numbers_limit FROM hosting_settings WHERE project_id = $1',
        [projectId],
      );
      return row ? Number(row.import_numbers_limit) : undefined;
    },
    async setImportLimit(projectId, limit, now) {
      await db.run(
        `INSERT INTO hosting_settings (project_id, import_numbers_limit, updated_at) VALUES ($1, $2, $3::bigint)
         ON CONFLICT (project_id) DO UPDATE SET import_numbers_limit = excluded.import_numbers_limit,
           updated_at = excluded.updated_at`,
        [projectId, limit, now],
      );
    },
  };
}
