import { Type } from '@sinclair/typebox';
import type { Stage } from '../domain/hosting/hostingOrder.js';
import { JOB_KINDS, type JobModule, type JobSpec } from './job.js';

const HostingStepPayload = Type.Object({
  projectId: Type.String(),
  hostingOrderId: Type.String(),
  stage: Type.String(),
});

/** The job that moves a hosting order on from `stage` (its review, or a carrier step), due `runAt`. */
export function hostingStepJob(
  projectId: string,
  hostingOrderId: string,
  stage: Stage,
  runAt: number,
): JobSpec {
  return { kind: JOB_KINDS.hostingStep, runAt, payload: { projectId, hostingOrderId, stage } };
}

/** A step of a hosting order; a re-run finds the order past `stage` and does nothing. */
export const hostingStep: JobModule<typeof HostingStepPayload> = {
  kind: JOB_KINDS.hostingStep,
  payload: HostingStepPayload,
  handle: ({ projectId, hostingOrderId, stage }, { hosting }) =>
    hosting.step(projectId, hostingOrderId, stage as Stage),
};
