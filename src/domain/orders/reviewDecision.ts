import { newId } from '../../ids.js';
import { expiryJob } from '../../jobs/orderExpiry.js';
import type { OrderChange } from '../../store/types.js';
import type { Product } from '../inventory/products.js';
import {
  applyConfiguration,
  type ConfigurationRequest,
  type InventoryRow,
  newActiveNumber,
  provisioningStepMs,
} from '../numbers/activeNumber.js';
import { type NumberOrderRecord, orderEvent, RESERVATION_MS } from './numberOrder.js';
import { type ReviewDecision, transition } from './orderState.js';

/**
 * The change a review decision makes: completed numbers become active numbers of the project;
 * a rejection or block returns them; a request for information reopens the order.
 */
export function decisionChange(
  order: NumberOrderRecord,
  decision: ReviewDecision,
  reason: string,
  product: Product,
  at: number,
  provisioningDelayMs: number,
): OrderChange {
  if (decision === 'REQUEST_INFORMATION') {
    // Back to the customer with a fresh reservation window to answer; only the log tells them
    // (no state callback: the order is not decided).
    const reopened = { ...transition(order, 'CREATED', at, reason), expireAt: at + RESERVATION_MS };
    return { order: reopened, jobs: [expiryJob(order.projectId, order.orderId, reopened.expireAt)] };
  }
  const decided = transition(order, decision, at, reason);
  const events = orderEvent(decided, decision, newId(at), at);
  if (decision !== 'COMPLETED') return { order: decided, events, releaseNumbers: true };
  const configuration: ConfigurationRequest = {
    smsConfiguration: order.smsConfiguration ?? undefined,
    voiceConfiguration: order.voiceConfiguration ?? undefined,
    callbackUrl: order.callbackUrl,
  };
  const ctx = {
    now: at,
    newId: () => newId(at),
    provisioningStepMs: provisioningStepMs(provisioningDelayMs),
  };
  const activate = order.orderNumbers.map((n) => {
    const row: InventoryRow = {
      id: n.numberId,
      e164: n.phoneNumber,
      regionCode: order.regionCode,
      numberType: order.numberType,
      capabilities: n.capabilities,
    };
    // The price quoted when the order was created holds, even if an operator changed the
    // product's price while the order waited (docs/decisions.md, "Prices set by an operator").
    const quoted: Product = {
      ...product,
      currencyCode: n.monthlyPrice.currencyCode,
      monthlyPrice: n.monthlyPrice.amount,
      paymentIntervalMonths: n.paymentIntervalMonths,
    };
    return applyConfiguration(newActiveNumber(order.projectId, row, quoted, at), configuration, ctx);
  });
  return { order: decided, events, activate };
}
