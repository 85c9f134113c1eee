import type { HostingOrderRecord } from '../../domain/hosting/hostingOrder.js';
import type { Db } from '../db/port.js';
import { claimForHosting, finishHosting } from '../qualifiedNumbers/sql.js';

/**
 * The link between text-enable orders and qualified numbers, in the order's transaction: a new
 * order claims the project's VERIFIED numbers (→ HOSTING_IN_PROGRESS), and its end tells each
 * one how hosting ended (HOSTING_DONE / HOSTING_FAILED).
 */
export function claimQualified(
  tx: Db,
  order: HostingOrderRecord,
  phoneNumbers: readonly string[],
): Promise<string[]> {
  return claimForHosting(tx, order.projectId, phoneNumbers, order.hostingOrderId, order.createdAt);
}

export async function finishQualified(
  tx: Db,
  order: HostingOrderRecord,
  outcomes: readonly { phoneNumber: string; outcome: 'HOSTING_DONE' | 'HOSTING_FAILED'; error: string }[],
): Promise<void> {
  for (const { phoneNumber, outcome, error } of outcomes) {
    await finishHosting(
      tx,
      order.projectId,
      phoneNumber,
      order.hostingOrderId,
      outcome,
      error,
      order.updatedAt,
    );
  }
}
