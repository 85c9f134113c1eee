import { DELIVERY_JOB } from '../domain/callbacks/events.js';
import { PROVISIONING_JOB, RELEASE_JOB } from '../domain/numbers/activeNumber.js';
import type { NumbersService } from '../domain/numbers/numbersService.js';
import { AUTO_REVIEW_JOB, EXPIRY_JOB, type OrdersService } from '../domain/orders/ordersService.js';

export type JobHandler = (payload: Record<string, unknown>) => Promise<void>;

export interface JobDependencies {
  numbers: NumbersService;
  orders: OrdersService;
  deliverEvent: JobHandler;
}

/** Every kind of background job and the function that works it. */
export function jobHandlers({ numbers, orders, deliverEvent }: JobDependencies): Record<string, JobHandler> {
  type OrderJob = Parameters<OrdersService['expire']>[0];
  return {
    [EXPIRY_JOB]: (payload) => orders.expire(payload as OrderJob),
    [AUTO_REVIEW_JOB]: (payload) => orders.autoReview(payload as OrderJob),
    [DELIVERY_JOB]: deliverEvent,
    [PROVISIONING_JOB]: (payload) =>
      numbers.advanceProvisioning(payload as Parameters<NumbersService['advanceProvisioning']>[0]),
    [RELEASE_JOB]: (payload) =>
      numbers.completeRelease(payload as Parameters<NumbersService['completeRelease']>[0]),
  };
}
