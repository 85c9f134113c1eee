// Store conformance: the maintained per-project counts (migration 0010) that the unfiltered
// active-number and imported-number lists, and the admin project list, report as totalSize. After
// every kind of write they must equal what counting the rows finds: the number of records listed
// in full, and the totalSize of a filtered list (a pattern every number matches), which still
// counts with count(*). On every adapter (see harness.ts); the back-fill of stores created before
// the migration is checked at the end.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import postgres from 'postgres';
import { newImportedNumber } from '../../src/domain/imported/importedNumber.js';
import { productFor } from '../../src/domain/inventory/products.js';
import { type NumberChange, newActiveNumber, releaseNumber } from '../../src/domain/numbers/activeNumber.js';
import type { NumberOrderRecord } from '../../src/domain/orders/numberOrder.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { applyMigrations } from '../../src/store/db/migrate.js';
import type { Db } from '../../src/store/db/port.js';
import { type Sql as PgSql, pgDb } from '../../src/store/db/postgres.js';
import { sqliteDb } from '../../src/store/db/sqlite.js';
import { openPostgresStore } from '../../src/store/postgres/postgresStore.js';
import { openSqliteStore } from '../../src/store/sqlite/sqliteStore.js';
import type { Store } from '../../src/store/types.js';
import { freshDatabaseUrl } from '../helpers/postgres.js';
import { builder, storeSuite, T0 } from './harness.js';

const EVERY_NUMBER = { pattern: '+', searchPattern: 'START' } as const;

/** The active numbers' totalSize of `projectId` at `now` equals the rows listed and the exact count. */
async function assertActiveCount(store: Store, projectId: string, now: number, expected?: number) {
  const query = { projectId, now, orderBy: 'phoneNumber', limit: 1000 } as const;
  const listed = await store.numbers.listActive(query);
  const byName = await store.numbers.listActive({ ...query, orderBy: 'displayName', limit: 1 });
  const exact = await store.numbers.listActive({ ...query, pattern: EVERY_NUMBER, limit: 1 });
  const where = `${projectId} at ${now}`;
  assert.equal(listed.totalSize, listed.records.length, `maintained = listed rows, ${where}`);
  assert.equal(listed.totalSize, exact.totalSize, `maintained = count(*), ${where}`);
  assert.equal(byName.totalSize, listed.totalSize, `the same by displayName, ${where}`);
  const summary = (await store.auth.listProjects({ limit: 1000, now })).find(
    (p) => p.projectId === projectId,
  );
  if (summary) assert.equal(summary.activeNumbers, listed.totalSize, `the admin project list, ${where}`);
  if (expected !== undefined) assert.equal(listed.totalSize, expected, where);
}

async function assertImportedCount(store: Store, projectId: string, expected?: number) {
  const query = { projectId, orderBy: 'phoneNumber', limit: 1000 } as const;
  const listed = await store.importedNumbers.list(query);
  const exact = await store.importedNumbers.list({ ...query, pattern: EVERY_NUMBER, limit: 1 });
  assert.equal(listed.totalSize, listed.records.length, `maintained = listed rows, ${projectId}`);
  assert.equal(listed.totalSize, exact.totalSize, `maintained = count(*), ${projectId}`);
  if (expected !== undefined) assert.equal(listed.totalSize, expected, projectId);
}

const importedRecord = (projectId: string, phoneNumber: string) =>
  newImportedNumber(
    projectId,
    { phoneNumber, regionCode: 'US', smsConfiguration: { servicePlanId: 'plan-1' } },
    T0,
  );

storeSuite('maintained number counts', {}, (ctx) => {
  let store: Store;
  let other: Store;
  const P = 'p-counted';
  const Q = 'p-counted-other';
  before(async () => {
    ({ store, other } = ctx);
    await store.auth.createProject({ projectId: P, createdAt: T0 });
    await store.auth.createProject({ projectId: Q, createdAt: T0 + 1 });
  });

  test('a project with nothing counts 0', async () => {
    await assertActiveCount(store, P, T0, 0);
    await assertImportedCount(store, P, 0);
  });

  test('rent and rentAny add to their project only; a lost or failed rent adds nothing', async () => {
    for (let i = 0; i < 5; i++) assert.ok(await ctx.rent(ctx.free('US', 'LOCAL').e164, P));
    assert.ok(await ctx.rent(ctx.free('US', 'LOCAL').e164, Q));
    const any = await store.numbers.rentAny({ regionCode: 'US', numberType: 'LOCAL' }, builder(P));
    assert.ok(any);
    ctx.taken.add(any.phoneNumber);
    await assertActiveCount(store, P, T0, 6);
    await assertActiveCount(store, Q, T0, 1);
    // Already rented (by P): nothing changes, in either project.
    assert.equal(await ctx.rent(any.phoneNumber, Q), undefined);
    // A builder that throws rolls the rent back, the count with it.
    const n = ctx.free('US', 'LOCAL').e164;
    await assert.rejects(
      store.numbers.rent(n, () => {
        throw new Error('no');
      }),
    );
    await assertActiveCount(store, P, T0, 6);
    await assertActiveCount(store, Q, T0, 1);
  });

  test('two processes renting at once: every rent counted once', async () => {
    const numbers = Array.from({ length: 12 }, (_, i) => ctx.free('US', 'LOCAL', i).e164);
    const results = await Promise.all(
      numbers.flatMap((e164, i) => [
        (i % 2 ? store : other).numbers.rent(e164, builder(P)),
        (i % 2 ? other : store).numbers.rent(e164, builder(Q)),
      ]),
    );
    for (const r of results) if (r) ctx.taken.add(r.phoneNumber);
    const wonByP = results.filter((r) => r?.projectId === P).length;
    assert.equal(results.filter(Boolean).length, numbers.length);
    await assertActiveCount(store, P, T0, 6 + wonByP);
    await assertActiveCount(other, Q, T0, 1 + numbers.length - wonByP);
  });

  test('release: listed until expireAt, then not; completing the release keeps the count exact', async () => {
    const before = (
      await store.numbers.listActive({ projectId: P, now: T0, orderBy: 'phoneNumber', limit: 1000 })
    ).records;
    const [first, second] = before;
    const released = await store.numbers.updateActive(P, first!.phoneNumber, (current) =>
      releaseNumber(current, T0 + 1000),
    );
    const expireAt = released!.expireAt!;
    await store.numbers.updateActive(P, second!.phoneNumber, (current) => releaseNumber(current, T0 + 1000));
    const total = before.length;
    await assertActiveCount(store, P, T0 + 1000, total);
    await assertActiveCount(store, P, expireAt - 1, total);
    await assertActiveCount(store, P, expireAt, total - 2);
    // Not due yet at expireAt - 1: nothing is removed.
    assert.equal(await store.numbers.completeRelease(P, first!.phoneNumber, expireAt - 1, () => []), false);
    assert.equal(await store.numbers.completeRelease(P, first!.phoneNumber, expireAt, () => []), true);
    ctx.taken.delete(first!.phoneNumber);
    await assertActiveCount(store, P, expireAt - 1, total - 1);
    await assertActiveCount(store, P, expireAt, total - 2);
    // Completed again, or by another project: nothing more is removed.
    assert.equal(await other.numbers.completeRelease(P, first!.phoneNumber, expireAt, () => []), false);
    assert.equal(await other.numbers.completeRelease(Q, second!.phoneNumber, expireAt, () => []), false);
    assert.equal(await other.numbers.completeRelease(P, second!.phoneNumber, expireAt + 5, () => []), true);
    ctx.taken.delete(second!.phoneNumber);
    await assertActiveCount(store, P, expireAt - 1, total - 2);
    await assertActiveCount(store, P, expireAt, total - 2);
    // A rented-again number counts again, in the project that rents it.
    assert.ok(await ctx.rent(first!.phoneNumber, Q, {}, expireAt));
    await assertActiveCount(store, Q, expireAt);
    await assertActiveCount(store, P, expireAt, total - 2);
  });

  test('number orders: a completion counts every number it activates; a failed one none', async () => {
    const countOf = async (projectId: string) =>
      (await store.numbers.listActive({ projectId, now: T0, orderBy: 'phoneNumber', limit: 1 })).totalSize;
    const start = await countOf(P);
    const [a, b, c] = [0, 1, 2].map((i) => ctx.free('US', 'LOCAL', i).e164);
    const order = await store.orders.create({ phoneNumbers: [a!, b!, c!] }, (rows) => ({
      order: {
        orderId: 'ord-counted',
        projectId: P,
        regionCode: 'US',
        numberType: 'LOCAL',
        state: 'CREATED',
        orderNumbers: rows.map((row) => ({
          phoneNumber: row.e164,
          numberId: row.id,
          capabilities: row.capabilities,
          setupPrice: { currencyCode: 'USD', amount: '0' },
          monthlyPrice: { currencyCode: 'USD', amount: '0' },
          paymentIntervalMonths: 1,
        })),
        smsConfiguration: null,
        voiceConfiguration: null,
        callbackUrl: '',
        policyVersion: 1,
        registration: null,
        rejectionReason: '',
        createdAt: T0,
        updatedAt: T0,
        expireAt: T0 + 60_000,
        submittedAt: null,
      } as NumberOrderRecord,
    }));
    assert.ok(order);
    for (const n of order.orderNumbers) ctx.taken.add(n.phoneNumber);
    await assertActiveCount(store, P, T0, start);
    const activation = (phoneNumber: string, numberId: number): NumberChange => ({
      record: newActiveNumber(
        P,
        { id: numberId, e164: phoneNumber, regionCode: 'US', numberType: 'LOCAL', capabilities: 3 },
        productFor('US', 'LOCAL'),
        T0,
      ),
      jobs: [],
    });
    const completed = { ...order, state: 'COMPLETED' as const };
    // The last activation names a number the order does not hold: all of it rolls back.
    const stranger = ctx.free('US', 'LOCAL').e164;
    await assert.rejects(
      store.orders.update(P, order.orderId, () => ({
        order: completed,
        activate: [
          ...order.orderNumbers.map((n) => activation(n.phoneNumber, n.numberId)),
          activation(stranger, 1),
        ],
      })),
    );
    await assertActiveCount(store, P, T0, start);
    await other.orders.update(P, order.orderId, () => ({
      order: completed,
      activate: order.orderNumbers.map((n) => activation(n.phoneNumber, n.numberId)),
    }));
    await assertActiveCount(store, P, T0, start + 3);
  });

  test('imported numbers: create and delete, per project; refused imports add nothing', async () => {
    const numbers = ['+12025550134', '+12065550100', '+12125551234', '+13125550199'];
    for (const [i, phoneNumber] of numbers.entries()) {
      const projectId = i < 3 ? P : Q;
      assert.deepEqual(
        await (i % 2 ? store : other).importedNumbers.create({
          record: importedRecord(projectId, phoneNumber),
        }),
        importedRecord(projectId, phoneNumber),
      );
    }
    assert.equal(await store.importedNumbers.create({ record: importedRecord(Q, numbers[0]!) }), 'imported');
    await assertImportedCount(store, P, 3);
    await assertImportedCount(store, Q, 1);
    assert.equal(await store.importedNumbers.delete(Q, numbers[0]!), false);
    assert.equal(await store.importedNumbers.delete(P, numbers[0]!), true);
    assert.equal(await other.importedNumbers.delete(P, numbers[0]!), false);
    await assertImportedCount(store, P, 2);
    await assertImportedCount(other, Q, 1);
    // The imported numbers are not active numbers.
    await assertActiveCount(store, P, T0);
  });
});

/** A database at migration 0009 with numbers in it, then opened by a store that applies 0010. */
interface OldStore {
  db: Db;
  open(): Store;
  close(): Promise<void>;
}

async function sqliteOldStore(): Promise<OldStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'open-numbers-counts-'));
  const raw = new Database(join(dataDir, 'open-numbers.db'));
  let store: Store | undefined;
  return {
    db: sqliteDb(raw),
    open: () => {
      raw.close();
      store = openSqliteStore({ dataDir, synchronous: 'NORMAL' });
      return store;
    },
    async close() {
      if (raw.open) raw.close();
      await store?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function postgresOldStore(baseUrl: string): Promise<OldStore> {
  const url = await freshDatabaseUrl(baseUrl);
  // Only statements without int8 results run on it (the store opened later has its own pool).
  const sql = postgres(url, { max: 1, onnotice: () => {} }) as unknown as PgSql;
  let store: Store | undefined;
  return {
    db: pgDb(sql),
    open: () => {
      store = openPostgresStore({ url });
      return store;
    },
    async close() {
      await sql.end();
      await store?.close();
      const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
      await admin.end();
    },
  };
}

const oldStores: Array<[string, () => Promise<OldStore>]> = [['sqlite', sqliteOldStore]];
const baseUrl = process.env.DATABASE_URL;
if (baseUrl) oldStores.push(['postgres', () => postgresOldStore(baseUrl)]);

for (const [name, make] of oldStores) {
  describe(`store conformance: maintained number counts: back-fill: ${name}`, () => {
    let old: OldStore;
    let migrationsBefore: string;
    before(async () => {
      old = await make();
      // The migrations up to 0009, the schema a store had before the counts.
      migrationsBefore = mkdtempSync(join(tmpdir(), 'open-numbers-migrations-'));
      const dir = MIGRATIONS_DIR[name as 'sqlite' | 'postgres'];
      for (const file of readdirSync(dir).filter((f) => f < '0010')) {
        copyFileSync(new URL(file, dir), join(migrationsBefore, file));
      }
    });
    after(async () => {
      await old?.close();
      rmSync(migrationsBefore, { recursive: true, force: true });
    });

    test('the migration counts the numbers already stored', async () => {
      const { db } = old;
      await applyMigrations(db, pathToFileURL(`${migrationsBefore}/`));
      const held = { 'p-old-a': 7, 'p-old-b': 3 };
      let id = 0;
      for (const [projectId, n] of Object.entries(held)) {
        for (let i = 0; i < n; i++) {
          id++;
          const e164 = `+1202300${String(id).padStart(4, '0')}`;
          const digits = e164.slice(1).split('').reverse().join('');
          await db.run(
            `INSERT INTO phone_numbers (id, e164, region_code, number_type, capabilities, digits_rev, status)
             VALUES ($1, $2, 'US', 'LOCAL', 3, $3, 'ACTIVE')`,
            [id, e164, digits],
          );
          const row = { id, e164, regionCode: 'US', numberType: 'LOCAL' as const, capabilities: 3 };
          const record = newActiveNumber(projectId, row, productFor('US', 'LOCAL'), T0);
          // p-old-a's first number is released, past its expireAt at T0 + 10.
          const expireAt = projectId === 'p-old-a' && i === 0 ? T0 + 10 : null;
          await db.run(
            `INSERT INTO active_numbers (phone_number, project_id, number_id, region_code, number_type, capabilities,
               display_name, expire_at, record)
             VALUES ($1, $2, $3, 'US', 'LOCAL', 3, '', $4, $5::text::jsonb)`,
            [e164, projectId, id, expireAt, JSON.stringify({ ...record, expireAt })],
          );
        }
      }
      const imported = importedRecord('p-old-a', '+12025550134');
      await db.run(
        `INSERT INTO imported_numbers (phone_number, project_id, region_code, service_plan_id, campaign_id,
           created_at, updated_at, record)
         VALUES ($1, $2, 'US', '', '', $3, $3, $4::text::jsonb)`,
        [imported.phoneNumber, imported.projectId, T0, JSON.stringify(imported)],
      );

      const store = old.open();
      await store.migrate();
      await assertActiveCount(store, 'p-old-a', T0, 7);
      await assertActiveCount(store, 'p-old-a', T0 + 10, 6);
      await assertActiveCount(store, 'p-old-b', T0, 3);
      await assertImportedCount(store, 'p-old-a', 1);
      await assertImportedCount(store, 'p-old-b', 0);
      // Counted from there on.
      assert.equal(await store.numbers.completeRelease('p-old-a', '+12023000001', T0 + 10, () => []), true);
      await assertActiveCount(store, 'p-old-a', T0, 6);
      assert.equal(await store.importedNumbers.delete('p-old-a', imported.phoneNumber), true);
      await assertImportedCount(store, 'p-old-a', 0);
    });
  });
}
