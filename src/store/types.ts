import type { InventoryNumber } from '../domain/inventory/generate.js';
import type { NumberType, Product } from '../domain/inventory/products.js';
import type {
  ActiveNumberRecord,
  InventoryRow,
  JobSpec,
  NumberChange,
} from '../domain/numbers/activeNumber.js';
import type { NumberPattern } from '../domain/numbers/patterns.js';
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
  /** Returns a released number whose `expireAt` has passed to the inventory. */
  completeRelease(projectId: string, e164: string, now: number): Promise<boolean>;
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

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly settings: SettingsPort;
  readonly auth: AuthPort;
  readonly inventory: InventoryPort;
  readonly numbers: NumbersPort;
  readonly jobs: JobsPort;
  /** Applies pending migrations; safe when two instances start at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export type { ApiError };
