import { type Static, Type } from '@sinclair/typebox';
import type { ActiveNumberRecord } from '../domain/numbers/activeNumber.js';
import type { ProvisioningStatus } from '../domain/numbers/provisioning.js';
import { JOB_KINDS, type JobModule, type JobSpec } from './job.js';

const ProvisioningStepPayload = Type.Object({
  projectId: Type.String(),
  phoneNumber: Type.String(),
  channel: Type.Union([Type.Literal('sms'), Type.Literal('voice')]),
  scheduledId: Type.String(),
  dueAt: Type.Number(),
  // Jobs written before steps carried `from` lack it; the step then expects the current status.
  from: Type.Optional(
    Type.Union([Type.Literal('WAITING'), Type.Literal('IN_PROGRESS'), Type.Literal('FAILED')]),
  ),
});

export type ProvisioningStep = Static<typeof ProvisioningStepPayload>;

/** The job that moves one scheduled SMS or voice change of a number one step. */
export function provisioningJob(
  record: Pick<ActiveNumberRecord, 'projectId' | 'phoneNumber'>,
  channel: 'sms' | 'voice',
  scheduledId: string,
  runAt: number,
  from: ProvisioningStatus = 'WAITING',
): JobSpec {
  return {
    kind: JOB_KINDS.provisioningStep,
    runAt,
    // dueAt times the next step from this one, not from whenever a worker got to it; `from` is
    // the status this step expects, so a re-run of a finished step does nothing.
    payload: {
      projectId: record.projectId,
      phoneNumber: record.phoneNumber,
      channel,
      scheduledId,
      dueAt: runAt,
      from,
    } satisfies ProvisioningStep,
  };
}

/** Provisioning steps: WAITING → IN_PROGRESS, then the outcome and its callback events. */
export const provisioningStep: JobModule<typeof ProvisioningStepPayload> = {
  kind: JOB_KINDS.provisioningStep,
  payload: ProvisioningStepPayload,
  handle: (payload, { numbers }) => numbers.advanceProvisioning(payload),
};
