import type { OutgoingEvent } from '../../domain/callbacks/events.js';
import type { ImportedNumberRecord } from '../../domain/imported/importedNumber.js';
import type { NumberPattern } from '../../domain/numbers/patterns.js';
import type { JobSpec } from '../../jobs/job.js';

/** `phoneNumber` (default), or the document's `createdTime` / `updatedTime`, then phone number. */
export type ImportedOrder = 'phoneNumber' | 'createdTime' | 'updatedTime';

export interface ImportedListQuery {
  projectId: string;
  regionCode?: string;
  pattern?: NumberPattern;
  servicePlanId?: string;
  campaignId?: string;
  orderBy: ImportedOrder;
  /** Keyset cursor: the sort key of the last row of the previous page (`at` unused by phoneNumber). */
  after?: { at: number; phoneNumber: string };
  limit: number;
}

/**
 * Why an import was refused: imported already (by any project), a number of our own inventory,
 * or a number an open hosting order is importing.
 */
export type ImportConflict = 'imported' | 'inventory' | 'hosting';

/** A change to an imported number, with the jobs and callback events written in its transaction. */
export interface ImportedChange {
  record: ImportedNumberRecord;
  jobs?: JobSpec[];
  events?: OutgoingEvent[];
}

export type ImportedMutation = (current: ImportedNumberRecord) => ImportedChange | null;

export interface ImportedNumbersPort {
  /** Stores a new imported number (and its jobs), unless the number is imported already or in the inventory. */
  create(change: ImportedChange): Promise<ImportedNumberRecord | ImportConflict>;
  get(projectId: string, e164: string): Promise<ImportedNumberRecord | undefined>;
  list(query: ImportedListQuery): Promise<{ records: ImportedNumberRecord[]; totalSize: number }>;
  /** Runs `mutate` in a transaction (`null` = no change); `undefined` when the project has no such number. */
  update(
    projectId: string,
    e164: string,
    mutate: ImportedMutation,
  ): Promise<ImportedNumberRecord | undefined>;
  /** False when the project has no such number; `onRemoved` gives the events the removal sends. */
  delete(
    projectId: string,
    e164: string,
    onRemoved?: (record: ImportedNumberRecord) => OutgoingEvent[],
  ): Promise<boolean>;
}
