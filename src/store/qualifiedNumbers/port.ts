import type { AuditEntry } from '../../domain/admin/audit.js';
import type { QualifiedNumberRecord, QualifiedState } from '../../domain/qualified/qualifiedNumber.js';
import type { JobSpec } from '../../jobs/job.js';

/** `phoneNumber` (default), or the document's `createdTime` / `updatedTime`, then phone number. */
export type QualifiedOrder = 'phoneNumber' | 'createdTime' | 'updatedTime';

export interface QualifiedListQuery {
  projectId: string;
  /** The states asked for (the document's required `states`); at least one. */
  states: readonly QualifiedState[];
  regionCode?: string;
  orderBy: QualifiedOrder;
  /** Keyset cursor: the sort key of the last row of the previous page (`at` unused by phoneNumber). */
  after?: { at: number; phoneNumber: string };
  limit: number;
}

/** The operators' review queue: every project's numbers in one state, oldest first. */
export interface QualifiedQueueQuery {
  state: QualifiedState;
  after?: { at: number; projectId: string; phoneNumber: string };
  limit: number;
}

/** A voice call of the sandbox: the code it said, newest first when listed. */
export interface VoiceCall {
  projectId: string;
  phoneNumber: string;
  code: string;
  createdAt: number;
  expireAt: number;
}

/** What a change writes besides the record, in the same transaction. */
export interface QualifiedChange {
  record: QualifiedNumberRecord;
  jobs?: JobSpec[];
  /** Sandbox only: the call to keep in the voice log. */
  voiceCall?: VoiceCall;
  /** The decision's audit log entries. */
  audit?: AuditEntry[];
}

export type QualifiedMutation = (current: QualifiedNumberRecord) => QualifiedChange | null;

export interface QualifiedNumbersPort {
  /**
   * Stores a batch and its jobs in one transaction; nothing when one of the numbers is qualified
   * in this project already (that number is returned instead).
   */
  create(
    records: readonly QualifiedNumberRecord[],
    jobs: readonly JobSpec[],
  ): Promise<QualifiedNumberRecord[] | { existing: string }>;
  get(projectId: string, e164: string): Promise<QualifiedNumberRecord | undefined>;
  list(query: QualifiedListQuery): Promise<{ records: QualifiedNumberRecord[]; totalSize: number }>;
  queue(query: QualifiedQueueQuery): Promise<{ records: QualifiedNumberRecord[]; totalSize: number }>;
  /** How many numbers of every project are in `state` (the review desk's count). */
  countByState(state: QualifiedState): Promise<number>;
  /**
   * Runs `mutate` in a transaction with the locked row (`null` = no change; a throw rolls back);
   * `undefined` when the project has no such number.
   */
  update(
    projectId: string,
    e164: string,
    mutate: QualifiedMutation,
  ): Promise<QualifiedNumberRecord | undefined>;
  /** Deletes unless `check` throws; false when the project has no such number. */
  delete(projectId: string, e164: string, check: (current: QualifiedNumberRecord) => void): Promise<boolean>;
  /** `claimForHosting` of sql.ts in a transaction of its own (hosting orders call it in theirs). */
  claimForHosting(
    projectId: string,
    phoneNumbers: readonly string[],
    hostingOrderId: string,
    now: number,
  ): Promise<string[]>;
  /** `finishHosting` of sql.ts in a transaction of its own. */
  finishHosting(
    projectId: string,
    phoneNumber: string,
    hostingOrderId: string,
    outcome: 'HOSTING_DONE' | 'HOSTING_FAILED',
    error: string,
    now: number,
  ): Promise<void>;
  /** The sandbox voice log of a number (every project), newest first. */
  voiceCalls(phoneNumber: string, limit: number): Promise<VoiceCall[]>;
}
