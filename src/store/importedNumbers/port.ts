import type { ImportedNumberRecord } from '../../domain/imported/importedNumber.js';
import type { NumberPattern } from '../../domain/numbers/patterns.js';

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

/** Why an import was refused: imported already (by any project), or a number of our own inventory. */
export type ImportConflict = 'imported' | 'inventory';

export type ImportedMutation = (current: ImportedNumberRecord) => ImportedNumberRecord | null;

export interface ImportedNumbersPort {
  /** Stores a new imported number, unless the number is imported already or in the inventory. */
  create(record: ImportedNumberRecord): Promise<ImportedNumberRecord | ImportConflict>;
  get(projectId: string, e164: string): Promise<ImportedNumberRecord | undefined>;
  list(query: ImportedListQuery): Promise<{ records: ImportedNumberRecord[]; totalSize: number }>;
  /** Runs `mutate` in a transaction (`null` = no change); `undefined` when the project has no such number. */
  update(
    projectId: string,
    e164: string,
    mutate: ImportedMutation,
  ): Promise<ImportedNumberRecord | undefined>;
  /** False when the project has no such number. */
  delete(projectId: string, e164: string): Promise<boolean>;
}
