import type { AuditEntry } from '../../domain/admin/audit.js';
import type { OutgoingEvent } from '../../domain/callbacks/events.js';
import type {
  HostingOrderNumberRecord,
  HostingOrderRecord,
  HostingOrderState,
  HostingOrderType,
  SignatureRecord,
  StepStateFilter,
} from '../../domain/hosting/hostingOrder.js';
import type { ImportedNumberRecord } from '../../domain/imported/importedNumber.js';
import type { JobSpec } from '../../jobs/job.js';
import type { MailMessage } from '../../mail/mailer.js';

/** What a hosting order change writes besides the order, in one transaction. */
export interface HostingChange {
  order: HostingOrderRecord;
  /** Numbers that changed. */
  numbers?: HostingOrderNumberRecord[];
  jobs?: JobSpec[];
  events?: OutgoingEvent[];
  mail?: MailMessage[];
  /** The decision's audit log entries. */
  audit?: AuditEntry[];
  /** The order's LOA, when it starts waiting for the signature. */
  loa?: { tokenHash: string; pdf: Buffer };
  /** The signed LOA: the token is spent. */
  signedLoa?: { pdf: Buffer; signature: SignatureRecord };
  /** The order ended: these numbers become imported numbers; every number's outcome is told to qualification. */
  finished?: {
    imported: ImportedNumberRecord[];
    outcomes: { phoneNumber: string; outcome: 'HOSTING_DONE' | 'HOSTING_FAILED'; error: string }[];
  };
}

/** Why a number cannot join a new order. */
export type HostingConflict = { phoneNumber: string; reason: 'imported' | 'inventory' | 'hosting' };

export type HostingOrderOrder = 'createdTime' | 'updatedTime';

export interface HostingListQuery {
  projectId: string;
  states?: HostingOrderState[];
  type?: HostingOrderType;
  servicePlanId?: string;
  campaignId?: string;
  regionCode?: string;
  orderBy: HostingOrderOrder;
  after?: { at: number; id: string };
  limit: number;
}

export interface HostingNumbersQuery {
  hostingOrderId: string;
  osrUpdateState?: StepStateFilter;
  campaignProvisioningState?: StepStateFilter;
  platformProvisioningState?: StepStateFilter;
  after?: string;
  limit: number;
}

export interface LoaDocument {
  hostingOrderId: string;
  projectId: string;
  pdf: Buffer;
  signedPdf: Buffer | null;
  signature: SignatureRecord | null;
}

/** What the store knows besides the order's rows when a mutation runs. */
export interface HostingMutationContext {
  /** Numbers of the order that are imported numbers already (imported elsewhere meanwhile). */
  importedElsewhere: ReadonlySet<string>;
}

export type HostingMutation = (
  order: HostingOrderRecord,
  numbers: HostingOrderNumberRecord[],
  context: HostingMutationContext,
) => HostingChange | null;

export interface HostingOrdersPort {
  /**
   * Writes a new order and its numbers, unless a number is imported, in the inventory or in
   * another open order (then nothing is written). `claimQualified`: the numbers must be the
   * project's VERIFIED qualified numbers, claimed in the same transaction.
   */
  create(
    change: HostingChange & { numbers: HostingOrderNumberRecord[] },
    options: { claimQualified: boolean },
  ): Promise<HostingOrderRecord | { conflict: HostingConflict } | { notVerified: string[] }>;
  get(projectId: string, hostingOrderId: string): Promise<HostingOrderRecord | undefined>;
  /** By id alone (sandbox and operator controls). */
  getById(hostingOrderId: string): Promise<HostingOrderRecord | undefined>;
  list(query: HostingListQuery): Promise<{ records: HostingOrderRecord[]; totalSize: number }>;
  /** Oldest first, every project: the operator's review queue. */
  listAll(filter: {
    state?: HostingOrderState;
    projectId?: string;
    limit: number;
  }): Promise<HostingOrderRecord[]>;
  /** How many orders of every project are in `state` (the review desk's count). */
  countByState(state: HostingOrderState): Promise<number>;
  numbers(query: HostingNumbersQuery): Promise<{ records: HostingOrderNumberRecord[]; totalSize: number }>;
  allNumbers(hostingOrderId: string): Promise<HostingOrderNumberRecord[]>;
  getNumber(hostingOrderId: string, phoneNumber: string): Promise<HostingOrderNumberRecord | undefined>;
  /** Runs `mutate` in a transaction with the order and all its numbers; null = no change. */
  update(
    projectId: string,
    hostingOrderId: string,
    mutate: HostingMutation,
  ): Promise<HostingOrderRecord | undefined>;
  getLoa(hostingOrderId: string): Promise<LoaDocument | undefined>;
  /** The order whose LOA signing token has this hash. */
  findByTokenHash(tokenHash: string): Promise<HostingOrderRecord | undefined>;
  getImportLimit(projectId: string): Promise<number | undefined>;
  setImportLimit(projectId: string, limit: number, now: number): Promise<void>;
}
