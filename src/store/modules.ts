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
import type { InsertChunk } from './inventory/groups.js';
import { afterLoading } from './inventory/lazy.js';
import type { SeedInventory } from './inventory/port.js';
import { changeFeed } from './inventory/searchChanges.js';
import { inventoryStore } from './inventory/sql.js';
import type { ClaimDue } from './jobs/port.js';
import { jobsStore } from './jobs/sql.js';
import { mailStore } from './mail/sql.js';
import { activeCache } from './numbers/activeCache.js';
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
  /** The lazy load's chunk insert, when the dialect has a faster one than the shared SQL. */
  insertChunk?: InsertChunk;
  /** Whether its migrations keep the change log (inventory/searchChanges.ts): SQLite. */
  searchChanges?: boolean;
  claimDue: ClaimDue;
  listEvents: ListEvents;
  close(): Promise<void>;
}

/**
 * Assembles a store from the shared aggregate modules and an adapter's dialect parts. The
 * inventory loads lazily, by calling-code group (inventory/groups.ts): every method that reads
 * inventory rows of a region or of given numbers is listed here with what it reads, and first
 * loads those groups (or waits for the process loading them). Methods that reach inventory rows
 * only through a rented or reserved number (by its id) need nothing: its group is loaded.
 */
export function assembleStore(adapter: Adapter): Store {
  const { db, dialect } = adapter;
  const feed = adapter.searchChanges ? changeFeed(db) : undefined;
  const contains = containsIndex(db, feed);
  const inventory = inventoryStore(db, dialect, adapter.seed, adapter.insertChunk, contains);
  const ensure = inventory.port.ensureLoaded;
  const numbers = (e164s: readonly string[]) => ({ e164s });
  return {
    dialect: db.dialect,
    settings: settingsStore(db),
    auth: authStore(db),
    audit: auditStore(db),
    inventory: afterLoading(inventory.port, ensure, {
      searchAvailable: (search) => ({ regionCode: search.regionCode }),
      offers: (search) => ({ regionCode: search.regionCode }),
      getAvailable: (e164) => numbers([e164]),
      conflicts: (e164s) => numbers(e164s),
      importNumbers: (batch) => numbers(batch.numbers.map((n) => n.e164)),
      // Without a region: the groups loaded so far (docs/decisions.md).
      summary: (filter) => (filter.regionCode ? { regionCode: filter.regionCode } : undefined),
    }),
    numbers: afterLoading(numbersStore(db, dialect, contains, feed && activeCache(feed)), ensure, {
      rent: (e164) => numbers([e164]),
      rentAny: (search) => ({ regionCode: search.regionCode }),
    }),
    jobs: jobsStore(db, adapter.claimDue),
    callbacks: callbacksStore(db, adapter.listEvents),
    emergency: emergencyStore(db),
    orders: afterLoading(ordersStore(db, dialect, contains), ensure, {
      create: (claim) =>
        'phoneNumbers' in claim ? numbers(claim.phoneNumbers) : { regionCode: claim.search.regionCode },
    }),
    policies: policiesStore(db),
    importedNumbers: afterLoading(importedNumbersStore(db, dialect), ensure, {
      create: (change) => numbers([change.record.phoneNumber]),
    }),
    hostingOrders: afterLoading(hostingOrdersStore(db, dialect), ensure, {
      create: (change) => numbers(change.numbers.map((n) => n.phoneNumber)),
    }),
    mail: mailStore(db),
    qualifiedNumbers: qualifiedNumbersStore(db, dialect),
    consoleSessions: consoleSessionsStore(db),
    migrate: () => applyMigrations(db, adapter.migrations),
    async close() {
      await inventory.stop();
      await adapter.close();
    },
  };
}
