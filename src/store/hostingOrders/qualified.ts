import type { HostingOrderRecord } from '../../domain/hosting/hostingOrder.js';
import type { Db } from '../db/port.js';

/**
 * The link between text-enable orders and qualified numbers (PLACEHOLDER until the qualified
 * numbers store is merged: every number counts as verified).
 */
export async function claimQualified(
  _tx: Db,
  _order: HostingOrderRecord,
  _phoneNumbers: readonly string[],
): Promise<string[]> {
  return [];
}

export async function finishQualified(
  _tx: Db,
  _order: HostingOrderRecord,
  _outcomes: readonly { phoneNumber: string; outcome: 'HOSTING_DONE' | 'HOSTING_FAILED'; error: string }[],
): Promise<void> {}
