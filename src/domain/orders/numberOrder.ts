import { newEvent, type OutgoingEvent } from '../callbacks/events.js';
import { capabilitiesFromMask, type NumberType } from '../inventory/products.js';
import type { Money } from '../numbers/activeNumber.js';
import type { SmsTarget, VoiceTarget } from '../numbers/provisioning.js';
import { toWireTime } from '../time.js';

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
  createdAt: number;
  updatedAt: number;
  expireAt: number;
  submittedAt: number | null;
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

/** The wire shape, keys in the order of the generated SDK model; `rejectionReason` is ours. */
export function toWireOrder(order: NumberOrderRecord, now: number) {
  return {
    projectId: order.projectId,
    idNumberOrder: order.orderId,
    regionCode: order.regionCode,
    state: effectiveState(order, now),
    numberType: order.numberType,
    orderNumbers: order.orderNumbers.map((n) => ({
      phoneNumber: n.phoneNumber,
      numberPrice: {
        setupPrice: n.setupPrice,
        monthlyPrice: n.monthlyPrice,
        paymentIntervalMonths: n.paymentIntervalMonths,
      },
      capability: capabilitiesFromMask(n.capabilities),
    })),
    smsConfiguration: order.smsConfiguration,
    voiceConfiguration: order.voiceConfiguration,
    callbackUrl: order.callbackUrl,
    expireTime: toWireTime(order.expireAt),
    createTime: toWireTime(order.createdAt),
    updateTime: toWireTime(order.updatedAt),
    rejectionReason: order.rejectionReason,
  };
}

export function toWireAttachment(a: StoredAttachment) {
  return {
    attachmentId: a.attachmentId,
    fileName: a.fileName,
    mimeType: a.mimeType,
    createTime: toWireTime(a.createdAt),
    updateTime: toWireTime(a.updatedAt),
    uploadStatus: 'COMPLETED' as const,
    documentType: a.documentType,
  };
}

/**
 * The registration: the SDK model's `{data, attachments}` and the documentation's
 * `{requestDetails: {data}}` side by side, so clients of either form find the data.
 */
export function toWireRegistration(order: NumberOrderRecord, attachments: StoredAttachment[]) {
  return {
    data: order.registration,
    attachments: attachments.map(toWireAttachment),
    requestDetails: { data: order.registration },
  };
}
