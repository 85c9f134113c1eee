import type { AuditPort } from './audit/port.js';
import type { AuthPort } from './auth/port.js';
import type { DialectName } from './db/port.js';
import type { EmergencyPort } from './emergency/port.js';
import type { HostingOrdersPort } from './hostingOrders/port.js';
import type { ImportedNumbersPort } from './importedNumbers/port.js';
import type { InventoryPort } from './inventory/port.js';
import type { JobsPort } from './jobs/port.js';
import type { MailPort } from './mail/port.js';
import type { NumbersPort } from './numbers/port.js';
import type { OrdersPort } from './orders/port.js';
import type { CallbacksPort } from './outbox/port.js';
import type { PoliciesPort } from './policies/port.js';
import type { QualifiedNumbersPort } from './qualifiedNumbers/port.js';
import type { SettingsPort } from './settings/port.js';

/**
 * The storage ports: one small interface per aggregate, each in `store/<aggregate>/port.ts`,
 * its SQL written once (`sql.ts`) and only what differs per dialect beside it. Two adapters
 * (SQLite embedded, PostgreSQL for scale-out) and one conformance suite run against both.
 *
 * Mutations that must be atomic take a pure, synchronous callback: the store runs it inside
 * its transaction with the current row, writes what it returns and the jobs it asks for, or
 * rolls back when it throws (an `ApiError` passes through unchanged). Database conflicts never
 * reach the domain: `db/errors.ts` maps them once.
 */
export type { AuditPort, AuditQuery } from './audit/port.js';
export type {
  AccessKey,
  AccessKeyInfo,
  AuthPort,
  Project,
  ProjectListQuery,
  ProjectSummary,
} from './auth/port.js';
export type { EmergencyPort, StoredEmergencyAddress } from './emergency/port.js';
export type {
  ImportConflict,
  ImportedListQuery,
  ImportedNumbersPort,
  ImportedOrder,
} from './importedNumbers/port.js';
export type { AvailableSearch, InventoryPort } from './inventory/port.js';
export type { Job, JobsPort } from './jobs/port.js';
export type {
  ActiveListQuery,
  ActiveOrder,
  NumberMutation,
  NumbersPort,
  RentBuilder,
} from './numbers/port.js';
export type { OrderChange, OrderClaim, OrdersPort } from './orders/port.js';
export type {
  CallbackApi,
  CallbackFaults,
  CallbacksPort,
  DeliveryAttempt,
  DeliveryState,
  EventFilter,
  StoredEvent,
} from './outbox/port.js';
export type { PoliciesPort, StoredPolicy } from './policies/port.js';
export type {
  QualifiedChange,
  QualifiedListQuery,
  QualifiedNumbersPort,
  QualifiedOrder,
  QualifiedQueueQuery,
  VoiceCall,
} from './qualifiedNumbers/port.js';
export type { SettingsPort } from './settings/port.js';

export interface Store {
  readonly dialect: DialectName;
  readonly settings: SettingsPort;
  readonly auth: AuthPort;
  readonly audit: AuditPort;
  readonly inventory: InventoryPort;
  readonly numbers: NumbersPort;
  readonly jobs: JobsPort;
  readonly callbacks: CallbacksPort;
  readonly emergency: EmergencyPort;
  readonly orders: OrdersPort;
  readonly policies: PoliciesPort;
  readonly importedNumbers: ImportedNumbersPort;
  readonly hostingOrders: HostingOrdersPort;
  readonly mail: MailPort;
  readonly qualifiedNumbers: QualifiedNumbersPort;
  /** Applies pending migrations; safe when two instances start at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}
