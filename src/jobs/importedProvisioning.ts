import { type Static, Type } from '@sinclair/typebox';
import type { ImportedNumberRecord } from '../domain/imported/importedNumber.js';
import { JOB_KINDS, type JobModule, type JobSpec } from './job.js';

const ImportedProvisioningPayload = Type.Object({
  projectId: Type.String(),
  phoneNumber: Type.String(),
  /** The record's `provisioningRevision` this step was made for. */
  revision: Type.Integer(),
  dueAt: Type.Number(),
});

export type ImportedProvisioning = Static<typeof ImportedProvisioningPayload>;

/** The job that moves an imported number's carrier work one step, due `runAt`. */
export function importedProvisioningJob(
  record: Pick<ImportedNumberRecord, 'projectId' | 'phoneNumber'>,
  revision: number,
  runAt: number,
): JobSpec {
  return {
    kind: JOB_KINDS.importedProvisioning,
    runAt,
    payload: {
      projectId: record.projectId,
      phoneNumber: record.phoneNumber,
      revision,
      dueAt: runAt,
    } satisfies ImportedProvisioning,
  };
}

/** Imported numbers: SMS platform, 10DLC campaign and carrier steps, each with its callbacks. */
export const importedProvisioning: JobModule<typeof ImportedProvisioningPayload> = {
  kind: JOB_KINDS.importedProvisioning,
  payload: ImportedProvisioningPayload,
  handle: (payload, { imported }) => imported.advanceProvisioning(payload),
};
