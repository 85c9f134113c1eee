import { Type } from '@sinclair/typebox';
import { JOB_KINDS, type JobModule, type JobSpec } from './job.js';

const OrderExpiryPayload = Type.Object({ projectId: Type.String(), orderId: Type.String() });

/** The job that records an order's expiry when its reservation runs out at `expireAt`. */
export function expiryJob(projectId: string, orderId: string, expireAt: number): JobSpec {
  return { kind: JOB_KINDS.orderExpiry, runAt: expireAt, payload: { projectId, orderId } };
}

/**
 * Order expiry: reads already show an order past its `expireTime` as EXPIRED; this records it,
 * returns the reserved numbers and sends the callback.
 */
export const orderExpiry: JobModule<typeof OrderExpiryPayload> = {
  kind: JOB_KINDS.orderExpiry,
  payload: OrderExpiryPayload,
  handle: ({ projectId, orderId }, { orders }) => orders.recordExpiry(projectId, orderId),
};
