import { DELIVERY_JOB } from '../domain/callbacks/events.js';
import { PROVISIONING_JOB, RELEASE_JOB } from '../domain/numbers/activeNumber.js';
import type { NumbersService } from '../domain/numbers/numbersService.js';

export type JobHandler = (payload: Record<string, unknown>) => Promise<void>;

export interface JobDependencies {
  numbers: NumbersService;
  deliverEvent: JobHandler;
}

/** Every kind of background job and the function that works it. */
export function jobHandlers({ numbers, deliverEvent }: JobDependencies): Record<string, JobHandler> {
  return {
    [DELIVERY_JOB]: deliverEvent,
    [PROVISIONING_JOB]: (payload) =>
      numbers.advanceProvisioning(payload as Parameters<NumbersService['advanceProvisioning']>[0]),
    [RELEASE_JOB]: (payload) =>
      numbers.completeRelease(payload as Parameters<NumbersService['completeRelease']>[0]),
  };
}
