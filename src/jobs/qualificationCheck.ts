import { Type } from '@sinclair/typebox';
import { JOB_KINDS, type JobModule, type JobSpec } from './job.js';

const QualificationCheckPayload = Type.Object({
  projectId: Type.String(),
  phoneNumbers: Type.Array(Type.String()),
  /** When the batch was added (absent in jobs written before it was recorded). */
  addedAt: Type.Optional(Type.Number()),
});

/** The job that decides the eligibility of an `:addNumbers` batch by itself (sandbox), due `runAt`. */
export function eligibilityCheckJob(
  projectId: string,
  phoneNumbers: string[],
  addedAt: number,
  runAt: number,
): JobSpec {
  return { kind: JOB_KINDS.qualificationCheck, runAt, payload: { projectId, phoneNumbers, addedAt } };
}

/** Sandbox eligibility: the batch's numbers still pending become ELIGIBLE, or NOT_ELIGIBLE by magic number. */
export const qualificationCheck: JobModule<typeof QualificationCheckPayload> = {
  kind: JOB_KINDS.qualificationCheck,
  payload: QualificationCheckPayload,
  handle: ({ projectId, phoneNumbers, addedAt }, { qualified }) =>
    qualified.autoDecide(projectId, phoneNumbers, addedAt),
};
