import type { Dialect } from '../db/dialect.js';
import { StoreConflict } from '../db/errors.js';
import { type Db, Params, whereClause } from '../db/port.js';
import type { ContainsIndex } from '../inventory/containsIndex.js';
import { INVENTORY_COLUMNS, type InventoryDbRow, inventoryFromRow } from '../inventory/rows.js';
import { forEachPart, searchSelect } from '../inventory/search.js';
import { attachmentsStore } from './attachments.js';
import type { OrderClaim, OrdersPort } from './port.js';
import { type OrderRow, orderFromRow, writeOrder } from './write.js';

/** Thrown inside a transaction to roll it back when an order could not reserve all its numbers. */
class NotAllReserved extends Error {}

/** A conflict while reserving is a lost race: the numbers are not all available. */
async function reserveRows(tx: Db, sql: string, params: unknown[]) {
  try {
    return await tx.all<InventoryDbRow>(sql, params);
  } catch (error) {
    if (error instanceof StoreConflict) throw new NotAllReserved();
    throw error;
  }
}

const reserveWhere = (dialect: Dialect, select: string) =>
  `UPDATE phone_numbers SET status = 'RESERVED' WHERE ${dialect.idIn(select)} AND status = 'AVAILABLE'
   RETURNING ${INVENTORY_COLUMNS}`;

/** Reserves the claimed numbers, in the order asked (by number) or in e164 order (by search). */
async function reserve(
  tx: Db,
  dialect: Dialect,
  contains: ContainsIndex,
  claim: OrderClaim,
): Promise<InventoryDbRow[]> {
  if ('phoneNumbers' in claim) {
    // Locked in e164 order, so two orders racing for overlapping numbers never deadlock: the
    // second waits, then finds them RESERVED and reserves nothing.
    const params = new Params();
    const select = `SELECT id FROM phone_numbers WHERE e164 IN (${params.list(claim.phoneNumbers)}) AND status = 'AVAILABLE'
      ORDER BY e164 ${dialect.forUpdate}`;
    const rows = await reserveRows(tx, reserveWhere(dialect, select), params.values);
    // A number that is not available (or named twice): nothing is reserved.
    if (rows.length !== claim.phoneNumbers.length) throw new NotAllReserved();
    const byE164 = new Map(rows.map((row) => [row.e164, row]));
    return claim.phoneNumbers.map((e164) => byE164.get(e164)!);
  }
  const rows = await forEachPart(tx, contains, claim.search, claim.quantity, (part, missing) => {
    const params = new Params();
    const search = searchSelect(dialect, part, params, 'id');
    // SKIP LOCKED: concurrent orders take different numbers instead of queueing.
    const select = `${search} LIMIT ${params.add(missing)} ${dialect.forUpdateSkipLocked}`;
    return reserveRows(tx, reserveWhere(dialect, select), params.values);
  });
  if (rows.length < claim.quantity) throw new NotAllReserved();
  return rows.sort((a, b) => (a.e164 < b.e164 ? -1 : a.e164 > b.e164 ? 1 : 0));
}

const SELECT_ORDER = 'SELECT record FROM number_orders WHERE order_id = $1 AND project_id = $2';

export function ordersStore(db: Db, dialect: Dialect, contains: ContainsIndex): OrdersPort {
  return {
    async create(claim, build) {
      try {
        return await db.transaction(async (tx) => {
          const rows = await reserve(tx, dialect, contains, claim);
          // Synchronous: if it throws, the transaction rolls back and the error passes through.
          return writeOrder(tx, build(rows.map(inventoryFromRow)), true);
        });
      } catch (error) {
        // A lost race (a serialization conflict or deadlock that outlived the retries) is "not
        // available" too; a failed write of the order itself is not.
        if (error instanceof NotAllReserved) return undefined;
        if (error instanceof StoreConflict && error.conflict === 'serialization') return undefined;
        throw error;
      }
    },
    async get(projectId, orderId) {
      const row = await db.get<OrderRow>(SELECT_ORDER, [orderId, projectId]);
      return row && orderFromRow(row);
    },
    async list(filter) {
      const params = new Params();
      const conditions: string[] = [];
      if (filter.state) conditions.push(`state = ${params.add(filter.state)}`);
      if (filter.projectId) conditions.push(`project_id = ${params.add(filter.projectId)}`);
      const rows = await db.all<OrderRow>(
        `SELECT record FROM number_orders ${whereClause(conditions)}
         ORDER BY created_at, order_id LIMIT ${params.add(filter.limit)}`,
        params.values,
      );
      return rows.map(orderFromRow);
    },
    async countByState(state) {
      const row = await db.get<{ n: number | string }>(
        'SELECT count(*) AS n FROM number_orders WHERE state = $1',
        [state],
      );
      return Number(row!.n);
    },
    update(projectId, orderId, mutate) {
      return db.transaction(async (tx) => {
        const row = await tx.get<OrderRow>(`${SELECT_ORDER} ${dialect.forUpdate}`, [orderId, projectId]);
        if (!row) return undefined;
        const current = orderFromRow(row);
        // Synchronous and pure: if it throws, the transaction rolls back and the error passes through.
        const change = mutate(current);
        return change ? writeOrder(tx, change, false) : current;
      });
    },
    ...attachmentsStore(db, dialect),
  };
}
