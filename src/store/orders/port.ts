import type { AuditEntry } from '../../domain/admin/audit.js';
import type { OutgoingEvent } from '../../domain/callbacks/events.js';
import type { InventoryRow, NumberChange } from '../../domain/numbers/activeNumber.js';
import type { NumberOrderRecord, OrderState, StoredAttachment } from '../../domain/orders/numberOrder.js';
import type { JobSpec } from '../../jobs/job.js';
import type { AvailableSearch } from '../inventory/port.js';

/** What an order change writes besides the order itself. */
export interface OrderChange {
  order: NumberOrderRecord;
  jobs?: JobSpec[];
  events?: OutgoingEvent[];
  /** Return the order's reserved numbers to the inventory (expired, rejected, blocked). */
  releaseNumbers?: boolean;
  /** Turn the reserved numbers into these active numbers (completed). */
  activate?: NumberChange[];
  /** The decision's audit log entries, written in the same transaction. */
  audit?: AuditEntry[];
}

export type OrderClaim =
  | { phoneNumbers: string[] }
  | { search: Omit<AvailableSearch, 'limit'>; quantity: number };

export interface OrdersPort {
  /**
   * Reserves the numbers (all of them or none) and writes the order `build` makes from them.
   * `undefined` when the numbers are not all available (or a race lost them).
   */
  create(
    claim: OrderClaim,
    build: (rows: InventoryRow[]) => OrderChange,
  ): Promise<NumberOrderRecord | undefined>;
  get(projectId: string, orderId: string): Promise<NumberOrderRecord | undefined>;
  /** Oldest first; for the operator's review queue. */
  list(filter: { state?: OrderState; projectId?: string; limit: number }): Promise<NumberOrderRecord[]>;
  /** How many orders of every project are in `state` (the review desk's count). */
  countByState(state: OrderState): Promise<number>;
  /** Like NumbersPort.updateActive: `mutate` runs inside the transaction; null means no change. */
  update(
    projectId: string,
    orderId: string,
    mutate: (order: NumberOrderRecord) => OrderChange | null,
  ): Promise<NumberOrderRecord | undefined>;
  /** Stores (or replaces) an attachment if `check` accepts the current order; undefined when there is no order. */
  putAttachment(
    projectId: string,
    orderId: string,
    attachment: StoredAttachment & { content: Buffer },
    check: (order: NumberOrderRecord) => void,
  ): Promise<StoredAttachment | undefined>;
  listAttachments(orderId: string): Promise<StoredAttachment[]>;
  getAttachment(
    orderId: string,
    attachmentId: string,
  ): Promise<{ attachment: StoredAttachment; content: Buffer } | undefined>;
}
