import { Type } from '@sinclair/typebox';
import { JOB_KINDS, type JobModule, type JobSpec } from './job.js';

const OrderAutoReviewPayload = Type.Object({ projectId: Type.String(), orderId: Type.String() });

/** The job that reviews a submitted order by itself (sandbox mode), due `runAt`. */
export function autoReviewJob(projectId: string, orderId: string, runAt: number): JobSpec {
  return { kind: JOB_KINDS.orderAutoReview, runAt, payload: { projectId, orderId } };
}

/** Auto review (sandbox): decides an order in review by the documented magic values. */
export const orderAutoReview: JobModule<typeof OrderAutoReviewPayload> = {
  kind: JOB_KINDS.orderAutoReview,
  payload: OrderAutoReviewPayload,
  handle: ({ projectId, orderId }, { orders }) => orders.autoReview(projectId, orderId),
};
