import { Type } from '@sinclair/typebox';
import { JOB_KINDS, type JobModule, type JobSpec } from './job.js';

const ReleaseCompletionPayload = Type.Object({ projectId: Type.String(), phoneNumber: Type.String() });

/** The job that returns a released number to the inventory at its `expireAt`. */
export function releaseJob(projectId: string, phoneNumber: string, expireAt: number): JobSpec {
  return { kind: JOB_KINDS.releaseCompletion, runAt: expireAt, payload: { projectId, phoneNumber } };
}

/** Release completion: the number leaves the project and its deprovisioning events are sent. */
export const releaseCompletion: JobModule<typeof ReleaseCompletionPayload> = {
  kind: JOB_KINDS.releaseCompletion,
  payload: ReleaseCompletionPayload,
  handle: ({ projectId, phoneNumber }, { numbers }) => numbers.completeRelease(projectId, phoneNumber),
};
