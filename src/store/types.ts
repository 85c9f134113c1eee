import type { OutgoingEvent } from '../domain/callbacks/events.js';
import type { EmergencyAddress } from '../domain/emergency/addressValidation.js';
import type { InventoryNumber } from '../domain/inventory/generate.js';
import type { NumberType, Product } from '../domain/inventory/products.js';
import type {
  ActiveNumberRecord,
  InventoryRow,
  JobSpec,
  NumberChange,
} from '../domain/numbers/activeNumber.js';
import type { NumberPattern } from '../domain/numbers/patterns.js';
import type { NumberOrderRecord, OrderState, StoredAttachment } from '../domain/orders/numberOrder.js';
import type { ApiError } from '../errors.js';

/**
 * The storage ports: one small interface per aggregate. Two adapters implement them (SQLite
 * embedded, PostgreSQL for scale-out) and one conformance suite runs against both.
 *
 * Mutations that must be atomic take a pure, synchronous callback: the adapter runs it inside
 * its transaction with the current row, writes what it returns and the jobs it asks for, or
 * rolls back when it throws (an `ApiError` passes through unchanged).
 */

export interface SettingsPort {
  get(key: string): Promise<string | undefined>;
  /** Stores `value` unless the key exists; returns the stored value either way. */
  getOrInit(key: string, value: string): Promise<string>;
  set(key: string, value: string): Promise<void>;
}

export interface Project {
  projectId: string;
  createdAt: number;
}
export interface AccessKey {
  keyId: string;
  projectId: string;
  secretHash: string;
  createdAt: number;
}

export interface AuthPort {
  /** Creates the project; returns false when it already exists. */
  createProject(project: Project): Promise<boolean>;
  getProject(projectId: string): Promise<Project | undefined>;
  /** Creates the key; returns false when the key id already exists. */
  createAccessKey(key: AccessKey): Promise<boolean>;
  getAccessKey(keyId: string): Promise<AccessKey | undefined>;
}

export interface AvailableSearch {
  regionCode: string;
  numberType: NumberType;
  pattern?: NumberPattern;
  /** Stored capability masks that satisfy the requested capabilities; omitted for "any". */
  capabilityMasks?: number[];
  limit: number;
}

export interface InventoryPort {
  /** Whether products and numbers were loaded already (the first start loads them). */
  isSeeded(): Promise<boolean>;
  /** Loads products and numbers in bulk; safe when two processes try at once. */
  seed(products: Product[], numbers: Iterable<InventoryNumber>): Promise<void>;
  listProducts(): Promise<Product[]>;
  getProduct(regionCode: string, numberType: NumberType): Promise<Product | undefined>;
  searchAvailable(search: AvailableSearch): Promise<InventoryRow[]>;
  getAvailable(e164: string): Promise<InventoryRow | undefined>;
  countAvailable(): Promise<number>;
}

export type ActiveOrder = 'phoneNumber' | 'displayName';

export interface ActiveListQuery {
  projectId: string;
  regionCode?: string;
  numberType?: NumberType;
  pattern?: NumberPattern;
  capabilityMasks?: number[];
  orderBy: ActiveOrder;
  /** Keyset cursor: the sort key of the last row of the previous page. */
  after?: { displayName: string; phoneNumber: string };
  limit: number;
  /** Numbers released with `expireAt <= now` are gone. */
  now: number;
}

/** Builds the active number (and its jobs) from the inventory row a rent claimed. */
export type RentBuilder = (row: InventoryRow) => NumberChange;
export type NumberMutation = (current: ActiveNumberRecord) => NumberChange | null;

export interface NumbersPort {
  /** Claims one specific available number; `undefined` when it is not available. */
  rent(e164: string, build: RentBuilder): Promise<ActiveNumberRecord | undefined>;
  /** Claims the first available number matching the search. */
  rentAny(
    search: Omit<AvailableSearch, 'limit'>,
    build: RentBuilder,
  ): Promise<ActiveNumberRecord | undefined>;
  getActive(projectId: string, e164: string): Promise<ActiveNumberRecord | undefined>;
  listActive(query: ActiveListQuery): Promise<{ records: ActiveNumberRecord[]; totalSize: number }>;
  /**
   * Runs `mutate` on the current record inside a transaction. `null` from `mutate` means
   * "no change". Returns the stored record, or `undefined` when the number is not active there.
   */
  updateActive(
    projectId: string,
    e164: string,
    mutate: NumberMutation,
  ): Promise<ActiveNumberRecord | undefined>;
  /**
   * Returns a released number whose `expireAt` has passed to the inventory, drops its emergency
   * address, and writes the events `onRemoved` derives from the removed record.
   */
  completeRelease(
    projectId: string,
    e164: string,
    now: number,
    onRemoved: (record: ActiveNumberRecord) => OutgoingEvent[],
  ): Promise<boolean>;
}

export type DeliveryState = 'PENDING' | 'DELIVERED' | 'DEAD';

/** A stored callback event: the outbox row. */
export interface StoredEvent extends OutgoingEvent {
  state: DeliveryState;
  attempts: number;
  updatedAt: number;
}

export interface DeliveryAttempt {
  attempt: number;
  attemptedAt: number;
  requestHeaders: Record<string, string>;
  requestBody: string;
  responseStatus: number | null;
  latencyMs: number;
  error: string;
}

/** Opt-in misbehaviour of the delivery engine, for testing receivers (sandbox only). */
export interface CallbackFaults {
  duplicate: boolean;
  outOfOrder: boolean;
  wrongSignature: boolean;
  delaySeconds: number;
}

export interface EventFilter {
  projectId?: string;
  resourceId?: string;
  eventType?: string;
  state?: DeliveryState;
  limit: number;
}

export interface CallbacksPort {
  /** The project's sealed (encrypted) HMAC secret. */
  getSealedSecret(projectId: string): Promise<string | undefined>;
  setSealedSecret(projectId: string, sealed: string, now: number): Promise<void>;
  getFaults(projectId: string): Promise<CallbackFaults | undefined>;
  setFaults(projectId: string, faults: CallbackFaults): Promise<void>;
  getEvent(eventId: string): Promise<StoredEvent | undefined>;
  /**
   * Records one delivery attempt and the event's new state; when `retryAt` is set, the next
   * delivery job is enqueued in the same transaction.
   */
  recordAttempt(
    eventId: string,
    attempt: DeliveryAttempt,
    state: DeliveryState,
    retryAt: number | null,
  ): Promise<void>;
  /** Makes the event pending again and enqueues a delivery now; false when it does not exist. */
  redeliver(eventId: string, now: number): Promise<boolean>;
  /** Newest first, each with its attempts in order. */
  listEvents(filter: EventFilter): Promise<(StoredEvent & { deliveries: DeliveryAttempt[] })[]>;
}

export interface StoredEmergencyAddress {
  displayName: string;
  address: EmergencyAddress;
  updatedAt: number;
}

export interface EmergencyPort {
  get(projectId: string, phoneNumber: string): Promise<StoredEmergencyAddress | undefined>;
  put(projectId: string, phoneNumber: string, value: StoredEmergencyAddress): Promise<void>;
  /** False when nothing was provisioned. */
  delete(projectId: string, phoneNumber: string): Promise<boolean>;
}

export interface Job {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  runAt: number;
  attempts: number;
}

export interface JobsPort {
  enqueue(jobs: JobSpec[]): Promise<void>;
  /** Claims up to `limit` due jobs for `leaseMs`; a job whose lease runs out is claimed again. */
  claimDue(now: number, limit: number, leaseMs: number): Promise<Job[]>;
  complete(id: number): Promise<void>;
  /** Schedules another attempt, or marks the job dead when `runAt` is null. */
  fail(id: number, error: string, runAt: number | null): Promise<void>;
  /** Jobs by state, for tests and the sandbox. */
  list(filter: {
    kind?: string;
    status?: 'pending' | 'running' | 'dead';
  }): Promise<(Job & { status: string; lastError: string })[]>;
}

/** What an order change writes besides the order itself. */
export interface OrderChange {
  order: NumberOrderRecord;
  jobs?: JobSpec[];
  events?: OutgoingEvent[];
  /** Return the order's reserved numbers to the inventory (expired, rejected, blocked). */
  releaseNumbers?: boolean;
  /** Turn the reserved numbers into these active numbers (completed). */
  activate?: NumberChange[];
}

export type OrderClaim =
  | { phoneNumbers: string[] }
  | { search: Omit<AvailableSearch, 'limit'>; quantity: number };

export interface OrdersPort {
  /**
   * Reserves the numbers (all of them or none) and writes the order `build` makes from them.
   * `undefined` when the numbers are not all available.
   */
  create(
    claim: OrderClaim,
    build: (rows: InventoryRow[]) => OrderChange,
  ): Promise<NumberOrderRecord | undefined>;
  get(projectId: string, orderId: string): Promise<NumberOrderRecord | undefined>;
  /** Oldest first; for the operator's review queue. */
  list(filter: { state?: OrderState; projectId?: string; limit: number }): Promise<NumberOrderRecord[]>;
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

/** A KYC policy document as stored; the domain parses and validates it. */
export interface StoredPolicy {
  regionCode: string;
  numberType: string;
  version: number;
  document: unknown;
  createdAt: number;
}

export interface PoliciesPort {
  /** The newest version of every (region, type). */
  listLatest(): Promise<StoredPolicy[]>;
  getLatest(regionCode: string, numberType: string): Promise<StoredPolicy | undefined>;
  /**
   * Stores a new version (one above the newest; the document's `version` is set to it) and marks
   * the product as needing supporting documentation. Returns what was stored.
   */
  putNewVersion(
    regionCode: string,
    numberType: string,
    document: Record<string, unknown>,
    now: number,
  ): Promise<StoredPolicy>;
  /** Stores the shipped policy of every pair that has none yet. */
  seedMissing(documents: Record<string, unknown>[], now: number): Promise<number>;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly settings: SettingsPort;
  readonly auth: AuthPort;
  readonly inventory: InventoryPort;
  readonly numbers: NumbersPort;
  readonly jobs: JobsPort;
  readonly callbacks: CallbacksPort;
  readonly emergency: EmergencyPort;
  readonly orders: OrdersPort;
  readonly policies: PoliciesPort;
  /** Applies pending migrations; safe when two instances start at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export type { ApiError };
