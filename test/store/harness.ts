// The store conformance harness: every test file under test/store runs its tests against every
// adapter, SQLite always and PostgreSQL when DATABASE_URL is set (`bash scripts/with-postgres.sh
// node --import tsx --test test/store/*.test.ts`), each file on a database of its own. The
// expected search results come from an in-memory oracle over the same generated inventory.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import Database from 'better-sqlite3';
import postgres from 'postgres';
import type { EmergencyAddress } from '../../src/domain/emergency/addressValidation.js';
import { generateInventory, type InventoryNumber } from '../../src/domain/inventory/generate.js';
import { type NumberType, productFor } from '../../src/domain/inventory/products.js';
import { listRegionTypes } from '../../src/domain/inventory/regions.js';
import {
  type ActiveNumberRecord,
  applyConfiguration,
  type ChangeContext,
  type ConfigurationRequest,
  type InventoryRow,
  newActiveNumber,
} from '../../src/domain/numbers/activeNumber.js';
import { matchesPattern, type NumberPattern } from '../../src/domain/numbers/patterns.js';
import { openPostgresStore } from '../../src/store/postgres/postgresStore.js';
import { openSqliteStore } from '../../src/store/sqlite/sqliteStore.js';
import type { AvailableSearch, RentBuilder, Store } from '../../src/store/types.js';
import { freshDatabaseUrl } from '../helpers/postgres.js';

/** A database each test file creates, and any number of stores (processes) opened on it. */
interface Target {
  name: string;
  open(): Store;
  /** Runs one statement on the database outside any store (PostgreSQL style `$n` placeholders). */
  sql(statement: string, params?: unknown[]): Promise<unknown[]>;
  drop(): Promise<void>;
}

function sqliteTarget(): Target {
  const dataDir = mkdtempSync(join(tmpdir(), 'open-numbers-conformance-'));
  return {
    name: 'sqlite',
    open: () => openSqliteStore({ dataDir, synchronous: 'NORMAL' }),
    async sql(statement, params = []) {
      const db = new Database(join(dataDir, 'open-numbers.db'));
      try {
        const prepared = db.prepare(statement.replace(/\$\d+/g, '?'));
        if (prepared.reader) return prepared.all(...params);
        prepared.run(...params);
        return [];
      } finally {
        db.close();
      }
    },
    async drop() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function postgresTarget(baseUrl: string): Promise<Target> {
  const url = await freshDatabaseUrl(baseUrl);
  return {
    name: 'postgres',
    open: () => openPostgresStore({ url }),
    async sql(statement, params = []) {
      const db = postgres(url, { max: 1, onnotice: () => {} });
      try {
        return [...(await db.unsafe(statement, params as postgres.ParameterOrJSON<never>[]))];
      } finally {
        await db.end();
      }
    },
    async drop() {
      const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

const dialects: Array<{ name: string; target: () => Promise<Target> }> = [
  { name: 'sqlite', target: async () => sqliteTarget() },
];
if (process.env.DATABASE_URL) {
  const baseUrl = process.env.DATABASE_URL;
  dialects.push({ name: 'postgres', target: () => postgresTarget(baseUrl) });
}

export const INVENTORY = [...generateInventory({ perType: 2, usLocal: 200 })];
export const PRODUCTS = listRegionTypes().map(({ regionCode, numberType }) =>
  productFor(regionCode, numberType),
);
/** A fixed clock for records and jobs; job tests use times far before it. */
export const T0 = 1_700_000_000_000;
export const PROJECT = 'project-conformance';
/** A US address in the validator's standard form (key order as it returns them). */
export const ADDRESS: EmergencyAddress = {
  streetNumber: '3500',
  streetInfo: 'Lenox Rd NE',
  location: 'Ste 1500',
  city: 'Atlanta',
  state: 'GA',
  postalCode: '30326',
  postalCodePlusFour: '4228',
};

let ids = 0;
export function context(now = T0): ChangeContext {
  return { now, newId: () => `sched-${ids++}`, provisioningStepMs: 1000 };
}

export function builder(projectId: string, request: ConfigurationRequest = {}, now = T0): RentBuilder {
  return (row: InventoryRow) =>
    applyConfiguration(
      newActiveNumber(projectId, row, productFor(row.regionCode, row.numberType), now),
      request,
      context(now),
    );
}

/** The available numbers a search must return, given the numbers rented so far. */
export function oracle(search: AvailableSearch, taken: Set<string>): string[] {
  return INVENTORY.filter(
    (n) =>
      !taken.has(n.e164) &&
      n.regionCode === search.regionCode &&
      n.numberType === search.numberType &&
      (!search.capabilityMasks || search.capabilityMasks.includes(n.capabilities)) &&
      (!search.pattern || matchesPattern(n.e164, search.pattern)),
  )
    .map((n) => n.e164)
    .sort(byteOrder)
    .slice(0, search.limit);
}

/** Byte order of the UTF-8 encodings: what SQLite's BINARY and PostgreSQL's "C" collation use. */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function pick(regionCode: string, numberType: NumberType, index = 0): InventoryNumber {
  const found = INVENTORY.filter((n) => n.regionCode === regionCode && n.numberType === numberType);
  assert.ok(found.length > index, `inventory has ${regionCode} ${numberType} #${index}`);
  return found[index]!;
}

export const usLocal = INVENTORY.filter((n) => n.regionCode === 'US' && n.numberType === 'LOCAL');
assert.equal(usLocal.length, 200);

export function pat(
  regionCode: string,
  numberType: NumberType,
  pattern: string,
  searchPattern: NumberPattern['searchPattern'],
): Omit<AvailableSearch, 'limit'> {
  return { regionCode, numberType, pattern: { pattern, searchPattern } };
}

/** What every suite gets: two stores on one database (two processes) and the rented numbers. */
export interface StoreContext {
  readonly store: Store;
  /** A second store on the same database: another process. */
  readonly other: Store;
  /** Numbers rented so far, for the search oracle. */
  readonly taken: Set<string>;
  /** One statement on the database itself, outside the stores. */
  sql(statement: string, params?: unknown[]): Promise<unknown[]>;
  /** The index-th inventory number of a pair that is not rented. */
  free(regionCode: string, numberType: NumberType, index?: number): InventoryNumber;
  rent(
    e164: string,
    projectId?: string,
    request?: ConfigurationRequest,
    now?: number,
  ): Promise<ActiveNumberRecord | undefined>;
}

/**
 * Declares `body`'s tests once per adapter, on a fresh database that both stores migrated at
 * once (the runner applies each migration once) and, unless `seed` is false, seeded.
 */
export function storeSuite(
  title: string,
  options: { seed?: boolean },
  body: (ctx: StoreContext) => void,
): void {
  for (const dialect of dialects) {
    describe(`store conformance: ${title}: ${dialect.name}`, () => {
      let target: Target;
      const taken = new Set<string>();
      const ctx: StoreContext & { store: Store; other: Store } = {
        store: undefined as unknown as Store,
        other: undefined as unknown as Store,
        taken,
        sql: (statement, params) => target.sql(statement, params),
        free(regionCode, numberType, index = 0) {
          const found = INVENTORY.filter(
            (n) => n.regionCode === regionCode && n.numberType === numberType && !taken.has(n.e164),
          );
          assert.ok(found.length > index, `a free ${regionCode} ${numberType} #${index}`);
          return found[index]!;
        },
        async rent(e164, projectId = PROJECT, request = {}, now = T0) {
          const record = await ctx.store.numbers.rent(e164, builder(projectId, request, now));
          if (record) taken.add(record.phoneNumber);
          return record;
        },
      };

      before(async () => {
        target = await dialect.target();
        ctx.store = target.open();
        ctx.other = target.open();
        // Two instances starting at once: the runner applies each migration once.
        await Promise.all([ctx.store.migrate(), ctx.other.migrate()]);
        if (options.seed !== false) await ctx.store.inventory.seed(PRODUCTS, INVENTORY);
      });

      after(async () => {
        await ctx.store?.close();
        await ctx.other?.close();
        await target?.drop();
      });

      body(ctx);
    });
  }
}
