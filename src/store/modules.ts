import { auditStore } from './audit/sql.js';
import { authStore } from './auth/sql.js';
import { consoleSessionsStore } from './consoleSessions/sql.js';
import type { Dialect } from './db/dialect.js';
import { applyMigrations } from './db/migrate.js';
import type { Db } from './db/port.js';
import { emergencyStore } from './emergency/sql.js';
import { hostingOrdersStore } from './hostingOrders/sql.js';
import { importedNumbersStore } from './importedNumbers/sql.js';
import { containsIndex } from './inventory/containsIndex.js';
import type { SeedInventory } from './inventory/port.js';
import { inventoryStore } from './inventory/sql.js';
import type { ClaimDue } from './jobs/port.js';
import { jobsStore } from './jobs/sql.js';
import { mailStore } from './mail/sql.js';
import { numbersStore } from './numbers/sql.js';
import { ordersStore } from './orders/sql.js';
import type { ListEvents } from './outbox/sql.js';
import { callbacksStore } from './outbox/sql.js';
import { policiesStore } from './policies/sql.js';
import { qualifiedNumbersStore } from './qualifiedNumbers/sql.js';
import { settingsStore } from './settings/sql.js';
import type { Store } from './types.js';

/** What an adapter brings besides its connection: the code that differs per dialect. */
export interface Adapter {
  db: Db;
  dialect: Dialect;
  migrations: URL;
  seed: SeedInventory;
  claimDue: ClaimDue;
  listEvents: ListEvents;
  close(): Promise<void>;
}

/** Assembles a store from the shared aggregate modules and an adapter's dialect parts. */
export function assembleStore(adapter: Adapter): Store {
  const { db, dialect } = adapter;
  const contains = containsIndex();
  return {
    dialect: db.dialect,
    settings: settingsStore(db),
    auth: authStore(db),
    audit: auditStore(db),
    inventory: inventoryStore(db, dialect, adapter.seed, contains),
    numbers: numbersStore(db, dialect, contains),
    jobs: jobsStore(db, adapter.claimDue),
    callbacks: callbacksStore(db, adapter.listEvents),
    emergency: emergencyStore(db),
    orders: ordersStore(db, dialect, contains),
    policies: policiesStore(db),
    importedNumbers: importedNumbersStore(db, dialect),
    hostingOrders: hostingOrdersStore(db, dialect),
    mail: mailStore(db),
    qualifiedNumbers: qualifiedNumbersStore(db, dialect),
    consoleSessions: consoleSessionsStore(db),
    migrate: () => applyMigrations(db, adapter.migrations),
    close: () => adapter.close(),
  };
}
