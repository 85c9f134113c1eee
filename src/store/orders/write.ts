import type { NumberOrderRecord } from '../../domain/orders/numberOrder.js';
import { insertAudit } from '../audit/sql.js';
import type { Db } from '../db/port.js';
import { Params } from '../db/port.js';
import { insertJobs } from '../jobs/sql.js';
import { writeActive } from '../numbers/sql.js';
import { insertEvents } from '../outbox/sql.js';
import type { OrderChange } from './port.js';

export type OrderRow = { record: string | NumberOrderRecord };

export function orderFromRow(row: OrderRow): NumberOrderRecord {
  return typeof row.record === 'string' ? JSON.parse(row.record) : row.record;
}

/**
 * Writes an order change in the caller's transaction: the order row, the reserved numbers it
 * returns to the inventory or activates (each with its active number, jobs and events, as a
 * rent writes them), then the change's own jobs and events.
 */
export async function writeOrder(tx: Db, change: OrderChange, insert: boolean): Promise<NumberOrderRecord> {
  const { order } = change;
  const record = JSON.stringify(order);
  if (insert) {
    await tx.run(
      `INSERT INTO number_orders (order_id, project_id, state, created_at, record)
       VALUES ($1, $2, $3, $4::bigint, $5::text::json)`,
      [order.orderId, order.projectId, order.state, order.createdAt, record],
    );
  } else {
    await tx.run('UPDATE number_orders SET state = $2, record = $3::text::json WHERE order_id = $1', [
      order.orderId,
      order.state,
      record,
    ]);
  }
  if (change.releaseNumbers && order.orderNumbers.length) {
    const params = new Params();
    await tx.run(
      `UPDATE phone_numbers SET status = 'AVAILABLE'
       WHERE id IN (${params.list(order.orderNumbers.map((n) => n.numberId))}) AND status = 'RESERVED'`,
      params.values,
    );
  }
  for (const activation of change.activate ?? []) {
    const phoneNumber = activation.record.phoneNumber;
    const numberId = order.orderNumbers.find((n) => n.phoneNumber === phoneNumber)?.numberId;
    const claimed =
      numberId === undefined
        ? 0
        : await tx.run("UPDATE phone_numbers SET status = 'ACTIVE' WHERE id = $1 AND status = 'RESERVED'", [
            numberId,
          ]);
    // Thrown inside the transaction: the whole change rolls back.
    if (claimed !== 1) throw new Error(`Number ${phoneNumber} is not reserved by order ${order.orderId}`);
    await writeActive(tx, activation, numberId!, true);
  }
  await insertJobs(tx, change.jobs ?? []);
  await insertEvents(tx, change.events ?? []);
  await insertAudit(tx, change.audit);
  return order;
}
