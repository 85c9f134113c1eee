import { capabilitiesFromMask } from '../../domain/inventory/products.js';
import {
  effectiveState,
  type NumberOrderRecord,
  type StoredAttachment,
} from '../../domain/orders/numberOrder.js';
import { toWireTime } from '../../domain/time.js';

/**
 * A number order on the wire: the document's keys in its order, nothing else (the reason of a
 * rejection is in the registration's logs). `now` matters: a CREATED order past its reservation
 * reads EXPIRED.
 */
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
      capabilities: capabilitiesFromMask(n.capabilities),
    })),
    // Configuration objects that were not set are left out, as the document's examples do.
    ...(order.smsConfiguration ? { smsConfiguration: order.smsConfiguration } : {}),
    ...(order.voiceConfiguration ? { voiceConfiguration: order.voiceConfiguration } : {}),
    expireTime: toWireTime(order.expireAt),
    createTime: toWireTime(order.createdAt),
    updateTime: toWireTime(order.updatedAt),
  };
}

/** An order as operators see it (admin): also its callback URL and the reason of a rejection. */
export function toWireOperatorOrder(order: NumberOrderRecord, now: number) {
  return {
    ...toWireOrder(order, now),
    callbackUrl: order.callbackUrl,
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
 * The registration as the document defines it: `{requestDetails: {data}, attachments, logs}`,
 * the logs being the reviewer's messages, oldest first.
 */
export function toWireRegistration({
  order,
  attachments,
}: {
  order: NumberOrderRecord;
  attachments: StoredAttachment[];
}) {
  return {
    requestDetails: { data: order.registration },
    attachments: attachments.map(toWireAttachment),
    logs: (order.logs ?? []).map((log) => ({ message: log.message, createTime: toWireTime(log.createdAt) })),
  };
}

/** An order in the operator's review queue: the order with its registration. */
export function toWireReviewedOrder(
  entry: { order: NumberOrderRecord; attachments: StoredAttachment[] },
  now: number,
) {
  return { ...toWireOperatorOrder(entry.order, now), registration: toWireRegistration(entry) };
}
