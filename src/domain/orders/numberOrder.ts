import { newEvent, type OutgoingEvent } from '../callbacks/events.js';
import type { NumberType } from '../inventory/products.js';
import type { Money } from '../numbers/activeNumber.js';
import type { SmsTarget, VoiceTarget } from '../numbers/provisioning.js';

/** Number orders (contract §9): KYC orders that reserve numbers for 48 hours. */

export type OrderState = 'CREATED' | 'IN_REVIEW' | 'COMPLETED' | 'REJECTED' | 'BLOCKED' | 'EXPIRED';

/** The reservation window: steps 4–6 must finish within it. */
export const RESERVATION_MS = 48 * 3600 * 1000;

export interface OrderNumber {
  phoneNumber: string;
  numberId: number;
  capabilities: number;
  setupPrice: Money;
  monthlyPrice: Money;
  paymentIntervalMonths: number;
}

export interface NumberOrderRecord {
  orderId: string;
  projectId: string;
  regionCode: string;
  numberType: NumberType;
  state: OrderState;
  orderNumbers: OrderNumber[];
  smsConfiguration: SmsTarget | null;
  voiceConfiguration: VoiceTarget | null;
  callbackUrl: string;
  policyVersion: number;
  /** The last registration `data` that passed validation, or null. */
  registration: unknown | null;
  rejectionReason: string;
  /** The reviewer's messages, oldest first (absent on orders stored before logs existed). */
  logs?: RegistrationLog[];
  createdAt: number;
  updatedAt: number;
  expireAt: number;
  submittedAt: number | null;
}

/** A message of the reviewer on the registration: a decision's reason or a request for more. */
export interface RegistrationLog {
  message: string;
  createdAt: number;
}

export interface StoredAttachment {
  attachmentId: string;
  fileName: string;
  mimeType: string;
  documentType: string;
  size: number;
  createdAt: number;
  updatedAt: number;
}

/** A CREATED order past its reservation reads as EXPIRED even before the expiry job ran. */
export function effectiveState(order: NumberOrderRecord, now: number): OrderState {
  return order.state === 'CREATED' && now >= order.expireAt ? 'EXPIRED' : order.state;
}

/** The NUMBER_ORDER_PROCESSING callback for a state change (contract §8.2). */
export function orderEvent(
  order: NumberOrderRecord,
  status: OrderState,
  eventId: string,
  now: number,
): OutgoingEvent[] {
  if (!order.callbackUrl) return [];
  return [
    newEvent(
      {
        eventId,
        projectId: order.projectId,
        resourceId: order.orderId,
        resourceType: 'NUMBER_ORDER',
        eventType: 'NUMBER_ORDER_PROCESSING',
        status,
      },
      order.callbackUrl,
      now,
    ),
  ];
}
