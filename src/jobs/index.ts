import { PROVISIONING_JOB, RELEASE_JOB } from '../domain/numbers/activeNumber.js';
import type { NumbersService } from '../domain/numbers/numbersService.js';

export type JobHandler = (payload: Record<string, unknown>) => Promise<void>;

export interface JobDependencies {
  numbers: NumbersService;
}

/** Every kind of background job and the function that works it. */
export function jobHandlers({ numbers }: JobDependencies): Record<string, JobHandler> {
  return {
    [PROVISIONING_JOB]: (payload) =>
      numbers.advanceProvisioning(payload as Parameters<NumbersService['advanceProvisioning']>[0]),
    [RELEASE_JOB]: (payload) =>
      numbers.completeRelease(payload as Parameters<NumbersService['completeRelease']>[0]),
  };
}
