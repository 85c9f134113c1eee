// One conformance suite over the store ports, run against every adapter: SQLite always, and
// PostgreSQL when DATABASE_URL is set (`bash scripts/with-postgres.sh node --import tsx --test
// test/store/conformance.test.ts`). The expected search results come from an in-memory oracle
// over the same generated inventory.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import postgres from 'postgres';
import { DELIVERY_JOB, newEvent, type OutgoingEvent } from '../../src/domain/callbacks/events.js';
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
  type NumberChange,
  newActiveNumber,
  PROVISIONING_JOB,
  RELEASE_JOB,
  releaseNumber,
} from '../../src/domain/numbers/activeNumber.js';
import { masksIncluding } from '../../src/domain/numbers/capabilities.js';
import { matchesPattern, type NumberPattern } from '../../src/domain/numbers/patterns.js';
import {
  type NumberOrderRecord,
  orderEvent,
  RESERVATION_MS,
  type StoredAttachment,
} from '../../src/domain/orders/numberOrder.js';
import { ApiError } from '../../src/errors.js';
import { openPostgresStore } from '../../src/store/postgres/postgresStore.js';
import { openSqliteStore } from '../../src/store/sqlite/sqliteStore.js';
import type {
  AvailableSearch,
  CallbackFaults,
  DeliveryAttempt,
  EventFilter,
  OrderChange,
  OrderClaim,
  RentBuilder,
  Store,
  StoredEvent,
} from '../../src/store/types.js';
import { freshDatabaseUrl } from '../helpers/postgres.js';

/** A database each test run creates, and any number of stores (processes) opened on it. */
interface Target {
  name: string;
  open(): Store;
  drop(): Promise<void>;
}

function sqliteTarget(): Target {
  const dataDir = mkdtempSync(join(tmpdir(), 'open-numbers-conformance-'));
  return {
    name: 'sqlite',
    open: () => openSqliteStore({ dataDir, synchronous: 'NORMAL' }),
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

const INVENTORY = [...generateInventory({ perType: 2, usLocal: 200 })];
const PRODUCTS = listRegionTypes().map(({ regionCode, numberType }) => productFor(regionCode, numberType));
/** A fixed clock for records and jobs; job tests use times far before it. */
const T0 = 1_700_000_000_000;
const PROJECT = 'project-conformance';
/** A US address in the validator's standard form (key order as it returns them). */
const ADDRESS: EmergencyAddress = {
  streetNumber: '3500',
  streetInfo: 'Lenox Rd NE',
  location: 'Ste 1500',
  city: 'Atlanta',
  state: 'GA',
  postalCode: '30326',
  postalCodePlusFour: '4228',
};

let ids = 0;
function context(now = T0): ChangeContext {
  return { now, newId: () => `sched-${ids++}`, provisioningStepMs: 1000 };
}

function builder(projectId: string, request: ConfigurationRequest = {}, now = T0): RentBuilder {
  return (row: InventoryRow) =>
    applyConfiguration(
      newActiveNumber(projectId, row, productFor(row.regionCode, row.numberType), now),
      request,
      context(now),
    );
}

/** The available numbers a search must return, given the numbers rented so far. */
function oracle(search: AvailableSearch, taken: Set<string>): string[] {
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
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function pick(regionCode: string, numberType: NumberType, index = 0): InventoryNumber {
  const found = INVENTORY.filter((n) => n.regionCode === regionCode && n.numberType === numberType);
  assert.ok(found.length > index, `inventory has ${regionCode} ${numberType} #${index}`);
  return found[index]!;
}

const usLocal = INVENTORY.filter((n) => n.regionCode === 'US' && n.numberType === 'LOCAL');
assert.equal(usLocal.length, 200);

for (const dialect of dialects) {
  describe(`store conformance: ${dialect.name}`, () => {
    let target: Target;
    let store: Store;
    /** A second store on the same database: another process. */
    let other: Store;
    /** Numbers rented so far, for the search oracle. */
    const taken = new Set<string>();

    /** The index-th inventory number of a pair that is not rented. */
    function free(regionCode: string, numberType: NumberType, index = 0): InventoryNumber {
      const found = INVENTORY.filter(
        (n) => n.regionCode === regionCode && n.numberType === numberType && !taken.has(n.e164),
      );
      assert.ok(found.length > index, `a free ${regionCode} ${numberType} #${index}`);
      return found[index]!;
    }

    async function rent(e164: string, projectId = PROJECT, request: ConfigurationRequest = {}, now = T0) {
      const record = await store.numbers.rent(e164, builder(projectId, request, now));
      if (record) taken.add(record.phoneNumber);
      return record;
    }

    before(async () => {
      target = await dialect.target();
      store = target.open();
      other = target.open();
      // Two instances starting at once: the runner applies each migration once.
      await Promise.all([store.migrate(), other.migrate()]);
    });

    after(async () => {
      await store?.close();
      await other?.close();
      await target?.drop();
    });

    test('migrate again is a no-op and keeps the data', async () => {
      await store.settings.set('conformance.migrate', 'kept');
      await store.migrate();
      await other.migrate();
      assert.equal(await store.settings.get('conformance.migrate'), 'kept');
    });

    test('settings: get, getOrInit keeps the first value, set overwrites', async () => {
      assert.equal(await store.settings.get('conformance.missing'), undefined);
      assert.equal(await store.settings.getOrInit('conformance.k', 'first'), 'first');
      assert.equal(await store.settings.getOrInit('conformance.k', 'second'), 'first');
      assert.equal(await other.settings.get('conformance.k'), 'first');
      await store.settings.set('conformance.k', 'third');
      assert.equal(await store.settings.get('conformance.k'), 'third');
      // Two processes initialising the same key at once agree on one value.
      const values = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? store : other).settings.getOrInit('conformance.race', `v${i}`),
        ),
      );
      assert.equal(new Set(values).size, 1);
      assert.equal(await store.settings.get('conformance.race'), values[0]);
    });

    test('projects and access keys: create, duplicate, get', async () => {
      assert.equal(await store.auth.createProject({ projectId: 'p1', createdAt: T0 }), true);
      assert.equal(await store.auth.createProject({ projectId: 'p1', createdAt: T0 + 1 }), false);
      assert.deepEqual(await store.auth.getProject('p1'), { projectId: 'p1', createdAt: T0 });
      assert.equal(await store.auth.getProject('p-missing'), undefined);
      const key = { keyId: 'k1', projectId: 'p1', secretHash: 'hash', createdAt: T0 + 5 };
      assert.equal(await store.auth.createAccessKey(key), true);
      assert.equal(await store.auth.createAccessKey({ ...key, secretHash: 'other' }), false);
      assert.deepEqual(await store.auth.getAccessKey('k1'), key);
      assert.equal(await store.auth.getAccessKey('k-missing'), undefined);
    });

    test('seed: two processes at once load the inventory exactly once; again is a no-op', async () => {
      assert.equal(await store.inventory.isSeeded(), false);
      await Promise.all([
        store.inventory.seed(PRODUCTS, INVENTORY),
        other.inventory.seed(PRODUCTS, INVENTORY),
      ]);
      assert.equal(await store.inventory.isSeeded(), true);
      assert.equal(await other.inventory.isSeeded(), true);
      assert.equal(await store.inventory.countAvailable(), INVENTORY.length);
      await store.inventory.seed(PRODUCTS, [
        { e164: '+15550000000', regionCode: 'US', numberType: 'LOCAL', capabilities: 3 },
      ]);
      assert.equal(await store.inventory.countAvailable(), INVENTORY.length);
    });

    test('products: listed in region/type order, fetched by pair', async () => {
      const listed = await store.inventory.listProducts();
      const expected = [...PRODUCTS].sort(
        (a, b) => byteOrder(a.regionCode, b.regionCode) || byteOrder(a.numberType, b.numberType),
      );
      assert.deepEqual(listed, expected);
      assert.deepEqual(await store.inventory.getProduct('US', 'LOCAL'), productFor('US', 'LOCAL'));
      assert.equal(await store.inventory.getProduct('US', 'MOBILE'), undefined);
    });

    test('getAvailable: row with numeric id; unknown number is undefined', async () => {
      const n = pick('GB', 'MOBILE');
      const row = await store.inventory.getAvailable(n.e164);
      assert.ok(row);
      assert.equal(typeof row.id, 'number');
      assert.deepEqual(
        { ...row, id: 0 },
        { id: 0, e164: n.e164, regionCode: 'GB', numberType: 'MOBILE', capabilities: n.capabilities },
      );
      assert.equal(await store.inventory.getAvailable('+10000000000'), undefined);
    });

    describe('searchAvailable matches the oracle', () => {
      const sample = usLocal[17]!.e164;
      const cases: Array<[string, Omit<AvailableSearch, 'limit'>, number]> = [
        ['no pattern', { regionCode: 'US', numberType: 'LOCAL' }, 100],
        ['no pattern, limit 5', { regionCode: 'US', numberType: 'LOCAL' }, 5],
        ['START +1', pat('US', 'LOCAL', '+1', 'START'), 50],
        ['START with 6 digits', pat('US', 'LOCAL', sample.slice(0, 6), 'START'), 50],
        ['START without +: nothing', pat('US', 'LOCAL', sample.slice(1, 5), 'START'), 50],
        ['START on another region', pat('GB', 'MOBILE', '+447', 'START'), 50],
        ['END 1 digit', pat('US', 'LOCAL', '7', 'END'), 100],
        ['END 3 digits', pat('US', 'LOCAL', sample.slice(-3), 'END'), 100],
        ['END whole number with +: exact match', pat('US', 'LOCAL', sample, 'END'), 100],
        ['END with + that is only a prefix: nothing', pat('US', 'LOCAL', sample.slice(0, 6), 'END'), 100],
        ['CONTAINS 1 digit', pat('US', 'LOCAL', '9', 'CONTAINS'), 100],
        ['CONTAINS 2 digits', pat('US', 'LOCAL', '55', 'CONTAINS'), 100],
        ['CONTAINS 3 digits', pat('US', 'LOCAL', sample.slice(4, 7), 'CONTAINS'), 100],
        ['CONTAINS +1 (short, with +)', pat('US', 'LOCAL', '+1', 'CONTAINS'), 10],
        ['CONTAINS 4 digits', pat('US', 'LOCAL', sample.slice(5, 9), 'CONTAINS'), 100],
        ['CONTAINS 7 digits', pat('US', 'LOCAL', sample.slice(3, 10), 'CONTAINS'), 100],
        ['CONTAINS 4 digits with +', pat('US', 'LOCAL', sample.slice(0, 4), 'CONTAINS'), 100],
        ['CONTAINS 4 digits, no match', pat('US', 'LOCAL', '0000', 'CONTAINS'), 100],
        [
          'capabilities SMS on US LOCAL',
          { regionCode: 'US', numberType: 'LOCAL', capabilityMasks: masksIncluding(['SMS']) },
          20,
        ],
        [
          'capabilities SMS on GB LOCAL: none',
          { regionCode: 'GB', numberType: 'LOCAL', capabilityMasks: masksIncluding(['SMS']) },
          20,
        ],
        [
          'capabilities VOICE on GB LOCAL',
          { regionCode: 'GB', numberType: 'LOCAL', capabilityMasks: masksIncluding(['VOICE']) },
          20,
        ],
        [
          'capabilities + CONTAINS 4',
          { ...pat('US', 'LOCAL', sample.slice(6, 10), 'CONTAINS'), capabilityMasks: [3] },
          20,
        ],
        ['unknown region', { regionCode: 'XX', numberType: 'LOCAL' }, 20],
      ];
      for (const [name, search, limit] of cases) {
        test(name, async () => {
          const full = { ...search, limit };
          const expected = oracle(full, taken);
          // Several runs: PostgreSQL switches prepared statements to generic plans after five.
          for (let i = 0; i < 7; i++) {
            const rows = await store.inventory.searchAvailable(full);
            assert.deepEqual(
              rows.map((r) => r.e164),
              expected,
            );
          }
          const rows = await store.inventory.searchAvailable(full);
          for (const r of rows) {
            assert.equal(r.regionCode, search.regionCode);
            assert.equal(r.numberType, search.numberType);
            assert.equal(typeof r.id, 'number');
          }
        });
      }
      test('the oracle cases are not trivial', () => {
        assert.ok(
          oracle({ ...pat('US', 'LOCAL', sample.slice(5, 9), 'CONTAINS'), limit: 100 }, new Set()).length >=
            1,
        );
        assert.equal(oracle({ ...pat('US', 'LOCAL', sample, 'END'), limit: 100 }, new Set()).length, 1);
      });
    });

    test('rent: claims once; the number leaves the inventory; the record round-trips', async () => {
      const n = usLocal[3]!;
      const record = await rent(n.e164, PROJECT, {
        displayName: 'first',
        smsConfiguration: { servicePlanId: 'plan-1' },
      });
      assert.ok(record);
      assert.equal(record.phoneNumber, n.e164);
      assert.equal(record.displayName, 'first');
      assert.equal(record.sms.scheduled?.status, 'WAITING');
      assert.equal(await rent(n.e164, 'someone-else'), undefined);
      assert.equal(await store.inventory.getAvailable(n.e164), undefined);
      assert.equal(await store.inventory.countAvailable(), INVENTORY.length - taken.size);
      const stored = await other.numbers.getActive(PROJECT, n.e164);
      assert.deepEqual(stored, record);
      assert.equal(typeof stored?.rentedAt, 'number');
      assert.equal(stored?.expireAt, null);
      assert.equal(await store.numbers.getActive('someone-else', n.e164), undefined);
      const jobs = await store.jobs.list({ kind: PROVISIONING_JOB });
      const job = jobs.find((j) => j.payload.phoneNumber === n.e164);
      assert.ok(job, 'the provisioning job was written with the rent');
      assert.equal(job.status, 'pending');
      assert.equal(job.runAt, T0 + 1000);
      assert.equal(job.attempts, 0);
      assert.equal(job.lastError, '');
      assert.equal(typeof job.id, 'number');
      const { projectId, phoneNumber, channel, scheduledId } = job.payload;
      assert.deepEqual(
        { projectId, phoneNumber, channel, scheduledId },
        {
          projectId: PROJECT,
          phoneNumber: n.e164,
          channel: 'sms',
          scheduledId: record.sms.scheduled?.id,
        },
      );
    });

    test('rent: a builder that throws rolls back and its error propagates unchanged', async () => {
      const n = usLocal[4]!;
      let thrown: unknown;
      await assert.rejects(
        store.numbers.rent(n.e164, (row) => {
          try {
            return builder(PROJECT, { callbackUrl: 'not a url' })(row);
          } catch (error) {
            thrown = error;
            throw error;
          }
        }),
        (error) => error === thrown && error instanceof ApiError && error.status === 'INVALID_ARGUMENT',
      );
      assert.ok(await store.inventory.getAvailable(n.e164), 'still available');
      assert.equal(await store.numbers.getActive(PROJECT, n.e164), undefined);
    });

    test('rent: 20 concurrent claims of one number have exactly one winner', async () => {
      const n = usLocal[5]!;
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? store : other).numbers.rent(n.e164, builder(`racer-${i}`)),
        ),
      );
      const winners = results.filter((r): r is ActiveNumberRecord => r !== undefined);
      assert.equal(winners.length, 1);
      taken.add(n.e164);
      assert.deepEqual(await store.numbers.getActive(winners[0]!.projectId, n.e164), winners[0]);
    });

    test('rentAny: the first available number in e164 order, honouring the pattern', async () => {
      const search = { regionCode: 'US', numberType: 'LOCAL' as const };
      const [first] = oracle({ ...search, limit: 1 }, taken);
      const record = await store.numbers.rentAny(search, builder(PROJECT));
      assert.equal(record?.phoneNumber, first);
      taken.add(record!.phoneNumber);

      const sample = oracle({ ...search, limit: 200 }, taken)[40]!;
      for (const pattern of [
        { pattern: sample.slice(4, 8), searchPattern: 'CONTAINS' as const },
        { pattern: sample.slice(-2), searchPattern: 'END' as const },
        { pattern: sample, searchPattern: 'END' as const },
      ]) {
        const [expected] = oracle({ ...search, pattern, limit: 1 }, taken);
        const rented = await store.numbers.rentAny({ ...search, pattern }, builder(PROJECT));
        assert.equal(rented?.phoneNumber, expected, `${pattern.searchPattern} ${pattern.pattern}`);
        if (rented) taken.add(rented.phoneNumber);
      }
      const none = await store.numbers.rentAny(
        { ...search, pattern: { pattern: '0000000', searchPattern: 'CONTAINS' } },
        builder(PROJECT),
      );
      assert.equal(none, undefined);
      const noCaps = await store.numbers.rentAny(
        { regionCode: 'GB', numberType: 'LOCAL', capabilityMasks: masksIncluding(['SMS']) },
        builder(PROJECT),
      );
      assert.equal(noCaps, undefined);
    });

    test('rentAny: 50 concurrent claims get 50 distinct numbers', async () => {
      const search = { regionCode: 'US', numberType: 'LOCAL' as const };
      const before = await store.inventory.countAvailable();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          (i % 2 ? store : other).numbers.rentAny(search, builder('p-any')),
        ),
      );
      const numbers = results.map((r) => r?.phoneNumber);
      assert.ok(numbers.every((n) => n !== undefined));
      assert.equal(new Set(numbers).size, 50);
      for (const n of numbers) taken.add(n!);
      assert.equal(await store.inventory.countAvailable(), before - 50);
      for (const n of numbers) assert.equal(await store.inventory.getAvailable(n!), undefined);
    });

    test('searchAvailable leaves out rented numbers', async () => {
      const search: AvailableSearch = { regionCode: 'US', numberType: 'LOCAL', limit: 200 };
      const rows = await store.inventory.searchAvailable(search);
      assert.deepEqual(
        rows.map((r) => r.e164),
        oracle(search, taken),
      );
      assert.equal(rows.length, usLocal.filter((n) => !taken.has(n.e164)).length);
    });

    describe('updateActive', () => {
      let e164: string;
      before(async () => {
        e164 = pick('DE', 'MOBILE').e164;
        assert.ok(await rent(e164, PROJECT, { displayName: 'before' }));
      });

      test('a mutation that throws rolls back and its error propagates unchanged', async () => {
        const jobsBefore = await store.jobs.list({});
        const error = new ApiError(400, 'INVALID_ARGUMENT', 'nope');
        await assert.rejects(
          store.numbers.updateActive(PROJECT, e164, () => {
            throw error;
          }),
          (e) => e === error,
        );
        // A real mutation that throws after building a change: nothing is written either.
        await assert.rejects(
          store.numbers.updateActive(PROJECT, e164, (current) =>
            applyConfiguration(current, { displayName: 'x'.repeat(300) }, context()),
          ),
          (e) => e instanceof ApiError && e.status === 'INVALID_ARGUMENT',
        );
        assert.equal((await store.numbers.getActive(PROJECT, e164))?.displayName, 'before');
        assert.deepEqual(await store.jobs.list({}), jobsBefore);
      });

      test('null means no change and returns the current record', async () => {
        const current = await store.numbers.getActive(PROJECT, e164);
        const result = await store.numbers.updateActive(PROJECT, e164, (r) => {
          assert.deepEqual(r, current);
          return null;
        });
        assert.deepEqual(result, current);
        assert.deepEqual(await store.numbers.getActive(PROJECT, e164), current);
      });

      test('a change is stored with its jobs', async () => {
        const result = await store.numbers.updateActive(PROJECT, e164, (current) =>
          applyConfiguration(
            current,
            { displayName: 'after', voiceConfiguration: { type: 'RTC', appId: 'app-1' } },
            context(T0 + 5000),
          ),
        );
        assert.equal(result?.displayName, 'after');
        assert.equal(result?.voice.scheduled?.appId, 'app-1');
        assert.deepEqual(await other.numbers.getActive(PROJECT, e164), result);
        const jobs = await store.jobs.list({ kind: PROVISIONING_JOB, status: 'pending' });
        assert.ok(jobs.some((j) => j.payload.phoneNumber === e164 && j.payload.channel === 'voice'));
      });

      test('unknown number or other project: undefined, mutate not called', async () => {
        const never = () => assert.fail('mutate must not run');
        assert.equal(await store.numbers.updateActive(PROJECT, '+10000000000', never), undefined);
        assert.equal(await store.numbers.updateActive('someone-else', e164, never), undefined);
      });

      test('concurrent updates are serialised: none is lost', async () => {
        await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? store : other).numbers.updateActive(PROJECT, e164, (current) => ({
              record: { ...current, displayName: `${current.displayName}.${i}` },
              jobs: [],
            })),
          ),
        );
        const final = await store.numbers.getActive(PROJECT, e164);
        const parts = final!.displayName.split('.');
        assert.equal(parts[0], 'after');
        assert.deepEqual(
          parts
            .slice(1)
            .map(Number)
            .sort((a, b) => a - b),
          [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        );
      });
    });

    describe('listActive', () => {
      const project = 'p-list';
      // Byte order: '' < 'B' < 'a' < 'b' < 'é'; two numbers share 'b'.
      const names = ['b', 'a', 'é', 'B', '', 'b'];
      let numbers: ActiveNumberRecord[] = [];
      let released: ActiveNumberRecord;

      before(async () => {
        const picks = [
          free('US', 'LOCAL'),
          free('US', 'LOCAL', 1),
          free('GB', 'LOCAL'),
          free('GB', 'MOBILE', 1),
          free('FR', 'MOBILE'),
          free('US', 'LOCAL', 2),
        ];
        numbers = [];
        for (const [i, n] of picks.entries()) {
          const record = await rent(n.e164, project, { displayName: names[i] });
          assert.ok(record, n.e164);
          numbers.push(record);
        }
        // Another project's numbers never show.
        assert.ok(await rent(free('US', 'LOCAL').e164, 'p-list-other'));
      });

      function expectedBy(order: 'phoneNumber' | 'displayName', records = numbers): string[] {
        return [...records]
          .sort((a, b) =>
            order === 'phoneNumber'
              ? byteOrder(a.phoneNumber, b.phoneNumber)
              : byteOrder(a.displayName, b.displayName) || byteOrder(a.phoneNumber, b.phoneNumber),
          )
          .map((r) => r.phoneNumber);
      }

      async function walk(order: 'phoneNumber' | 'displayName', limit: number, now = T0) {
        const seen: string[] = [];
        let after: { displayName: string; phoneNumber: string } | undefined;
        for (let pages = 0; pages < 20; pages++) {
          const page = await store.numbers.listActive({
            projectId: project,
            orderBy: order,
            after,
            limit,
            now,
          });
          assert.equal(page.totalSize, numbers.length - (now >= (released?.expireAt ?? Infinity) ? 1 : 0));
          seen.push(...page.records.map((r) => r.phoneNumber));
          const last = page.records[page.records.length - 1];
          if (page.records.length < limit || !last) return seen;
          after = { displayName: last.displayName, phoneNumber: last.phoneNumber };
        }
        assert.fail('pagination did not end');
      }

      test('ordered by phone number, keyset pages, totalSize on every page', async () => {
        const all = await store.numbers.listActive({
          projectId: project,
          orderBy: 'phoneNumber',
          limit: 100,
          now: T0,
        });
        assert.equal(all.totalSize, numbers.length);
        assert.deepEqual(
          all.records.map((r) => r.phoneNumber),
          expectedBy('phoneNumber'),
        );
        assert.deepEqual(
          all.records.find((r) => r.phoneNumber === numbers[0]!.phoneNumber),
          numbers[0],
        );
        assert.deepEqual(await walk('phoneNumber', 2), expectedBy('phoneNumber'));
        assert.deepEqual(await walk('phoneNumber', 4), expectedBy('phoneNumber'));
      });

      test('ordered by display name (byte order), ties by phone number, keyset pages', async () => {
        const all = await store.numbers.listActive({
          projectId: project,
          orderBy: 'displayName',
          limit: 100,
          now: T0,
        });
        assert.deepEqual(
          all.records.map((r) => r.phoneNumber),
          expectedBy('displayName'),
        );
        assert.deepEqual(
          all.records.map((r) => r.displayName),
          ['', 'B', 'a', 'b', 'b', 'é'],
        );
        assert.deepEqual(await walk('displayName', 1), expectedBy('displayName'));
        assert.deepEqual(await walk('displayName', 2), expectedBy('displayName'));
      });

      test('filters: region, type, capabilities, pattern', async () => {
        const list = async (extra: object) =>
          (
            await store.numbers.listActive({
              projectId: project,
              orderBy: 'phoneNumber',
              limit: 100,
              now: T0,
              ...extra,
            })
          ).records.map((r) => r.phoneNumber);
        const matching = (f: (r: ActiveNumberRecord) => boolean) =>
          expectedBy('phoneNumber', numbers.filter(f));
        assert.deepEqual(
          await list({ regionCode: 'US' }),
          matching((r) => r.regionCode === 'US'),
        );
        assert.deepEqual(
          await list({ numberType: 'MOBILE' }),
          matching((r) => r.numberType === 'MOBILE'),
        );
        assert.deepEqual(
          await list({ regionCode: 'GB', numberType: 'LOCAL' }),
          matching((r) => r.regionCode === 'GB' && r.numberType === 'LOCAL'),
        );
        assert.deepEqual(
          await list({ capabilityMasks: masksIncluding(['SMS']) }),
          matching((r) => (r.capabilities & 2) !== 0),
        );
        const sample = numbers[0]!.phoneNumber;
        const patterns: NumberPattern[] = [
          { pattern: '+1', searchPattern: 'START' },
          { pattern: '+44', searchPattern: 'START' },
          { pattern: sample.slice(-3), searchPattern: 'END' },
          { pattern: sample.slice(3, 7), searchPattern: 'CONTAINS' },
          { pattern: '1', searchPattern: 'START' },
        ];
        for (const pattern of patterns) {
          const page = await store.numbers.listActive({
            projectId: project,
            orderBy: 'phoneNumber',
            limit: 100,
            now: T0,
            pattern,
          });
          const expected = matching((r) => matchesPattern(r.phoneNumber, pattern));
          assert.deepEqual(
            page.records.map((r) => r.phoneNumber),
            expected,
            `${pattern.searchPattern} ${pattern.pattern}`,
          );
          assert.equal(page.totalSize, expected.length);
        }
      });

      test('released numbers stay until expireAt, then are excluded', async () => {
        const target = numbers[1]!;
        const result = await store.numbers.updateActive(project, target.phoneNumber, (current) =>
          releaseNumber(current, T0 + 1000),
        );
        assert.ok(result?.expireAt);
        released = result;
        numbers[1] = result;
        const jobs = await store.jobs.list({ kind: RELEASE_JOB });
        assert.ok(
          jobs.some((j) => j.payload.phoneNumber === target.phoneNumber && j.runAt === result.expireAt),
        );

        const before = await store.numbers.listActive({
          projectId: project,
          orderBy: 'phoneNumber',
          limit: 100,
          now: result.expireAt - 1,
        });
        assert.ok(before.records.some((r) => r.phoneNumber === target.phoneNumber));
        assert.equal(before.totalSize, numbers.length);
        const atExpiry = await store.numbers.listActive({
          projectId: project,
          orderBy: 'phoneNumber',
          limit: 100,
          now: result.expireAt,
        });
        assert.ok(!atExpiry.records.some((r) => r.phoneNumber === target.phoneNumber));
        assert.equal(atExpiry.totalSize, numbers.length - 1);
        assert.deepEqual(
          await walk('displayName', 2, result.expireAt),
          expectedBy(
            'displayName',
            numbers.filter((r) => r !== result),
          ),
        );
      });

      test('completeRelease: only once expireAt has passed; the number returns to the inventory', async () => {
        const { phoneNumber, expireAt } = released;
        assert.ok(expireAt);
        const never = () => assert.fail('onRemoved must not run');
        assert.equal(await store.numbers.completeRelease(project, phoneNumber, expireAt - 1, never), false);
        assert.ok(await store.numbers.getActive(project, phoneNumber));
        assert.equal(
          await store.numbers.completeRelease('someone-else', phoneNumber, expireAt, never),
          false,
        );
        // A number that was never released is never completed.
        assert.equal(
          await store.numbers.completeRelease(project, numbers[0]!.phoneNumber, expireAt + 1e12, never),
          false,
        );

        const available = await store.inventory.countAvailable();
        const removed: ActiveNumberRecord[] = [];
        const completed = await store.numbers.completeRelease(project, phoneNumber, expireAt, (record) => {
          removed.push(record);
          return [];
        });
        assert.equal(completed, true);
        assert.deepEqual(removed, [released], 'onRemoved receives the removed record, once');
        assert.equal(await store.numbers.completeRelease(project, phoneNumber, expireAt, never), false);
        assert.equal(await store.numbers.getActive(project, phoneNumber), undefined);
        assert.equal(await store.inventory.countAvailable(), available + 1);
        const row = await store.inventory.getAvailable(phoneNumber);
        assert.equal(row?.e164, phoneNumber);
        taken.delete(phoneNumber);
        // It can be rented again, by anyone.
        const again = await rent(phoneNumber, 'p-again');
        assert.equal(again?.projectId, 'p-again');
      });
    });

    describe('jobs', () => {
      // Far before T0, so the jobs written by the rents above are never due here.
      const t = 1_000_000;

      test('enqueue, claimDue in run_at order, lease, re-claim after the lease, complete, fail, dead', async () => {
        await store.jobs.enqueue([
          { kind: 'conf.b', payload: { n: 2, nested: { list: [1, 'two'] } }, runAt: t + 10 },
          { kind: 'conf.a', payload: { n: 1 }, runAt: t },
          { kind: 'conf.c', payload: { n: 3 }, runAt: t + 20 },
        ]);
        await store.jobs.enqueue([]);
        assert.deepEqual(await store.jobs.claimDue(t - 1, 10, 1000), []);

        const first = await store.jobs.claimDue(t + 10, 10, 1000);
        // The claimed set is the earliest due jobs; the order they are returned in is not specified.
        assert.deepEqual(first.map((j) => [j.kind, j.payload, j.runAt, j.attempts]).sort(), [
          ['conf.a', { n: 1 }, t + 10, 1],
          ['conf.b', { n: 2, nested: { list: [1, 'two'] } }, t + 10, 1],
        ]);
        assert.ok(first.every((j) => typeof j.id === 'number'));
        const running = await store.jobs.list({ status: 'running' });
        assert.deepEqual(running.map((j) => [j.kind, j.runAt, j.attempts]).sort(), [
          ['conf.a', t + 1010, 1],
          ['conf.b', t + 1010, 1],
        ]);
        // Leased: not claimed again before the lease runs out, by anyone.
        assert.deepEqual(await other.jobs.claimDue(t + 1009, 10, 1000), [
          {
            id: (await store.jobs.list({ kind: 'conf.c' }))[0]!.id,
            kind: 'conf.c',
            payload: { n: 3 },
            runAt: t + 1009,
            attempts: 1,
          },
        ]);
        // conf.a's worker finishes; conf.b's worker died: its lease runs out and it is claimed again.
        const a = first.find((j) => j.kind === 'conf.a')!;
        const b = first.find((j) => j.kind === 'conf.b')!;
        await store.jobs.complete(a.id);
        const again = await store.jobs.claimDue(t + 1010, 10, 1000);
        assert.deepEqual(
          again.map((j) => [j.id, j.attempts]),
          [[b.id, 2]],
        );
        assert.deepEqual((await store.jobs.list({ kind: 'conf.a' })).length, 0, 'completed jobs are gone');

        // Failure with a retry time: pending again, due then.
        await store.jobs.fail(b.id, 'boom', t + 5000);
        const [failed] = await store.jobs.list({ kind: 'conf.b' });
        assert.deepEqual(
          {
            status: failed!.status,
            runAt: failed!.runAt,
            lastError: failed!.lastError,
            attempts: failed!.attempts,
          },
          { status: 'pending', runAt: t + 5000, lastError: 'boom', attempts: 2 },
        );
        assert.deepEqual(
          (await store.jobs.claimDue(t + 4999, 10, 1000)).map((j) => j.kind),
          ['conf.c'], // conf.c's lease (t + 2009) ran out
        );
        const c = (await store.jobs.list({ kind: 'conf.c' }))[0]!;
        assert.equal(c.attempts, 2);
        assert.deepEqual(
          (await store.jobs.claimDue(t + 5000, 10, 1000)).map((j) => [j.kind, j.attempts]),
          [['conf.b', 3]],
        );
        // Failure without a retry time: dead, never claimed again.
        await store.jobs.fail(b.id, 'gave up', null);
        await store.jobs.fail(c.id, 'gave up too', null);
        assert.deepEqual(await store.jobs.claimDue(t + 1e9, 10, 1000), []);
        const dead = await store.jobs.list({ status: 'dead' });
        assert.deepEqual(
          dead.map((j) => [j.kind, j.lastError, j.status]),
          [
            ['conf.b', 'gave up', 'dead'],
            ['conf.c', 'gave up too', 'dead'],
          ],
        );
        assert.deepEqual(await store.jobs.list({ kind: 'conf.b', status: 'pending' }), []);
      });

      test('claimDue respects the limit; concurrent claimers get disjoint jobs', async () => {
        const base = 2_000_000;
        await store.jobs.enqueue(
          Array.from({ length: 30 }, (_, i) => ({ kind: 'conf.many', payload: { i }, runAt: base + i })),
        );
        const limited = await store.jobs.claimDue(base + 100, 5, 10_000);
        assert.deepEqual(
          limited.map((j) => j.payload.i as number).sort((x, y) => x - y),
          [0, 1, 2, 3, 4],
        );
        const batches = await Promise.all(
          Array.from({ length: 8 }, (_, i) => (i % 2 ? store : other).jobs.claimDue(base + 100, 4, 10_000)),
        );
        const claimed = batches.flat().map((j) => j.payload.i as number);
        assert.equal(new Set(claimed).size, claimed.length, 'no job claimed twice');
        assert.deepEqual(
          [...claimed].sort((x, y) => x - y),
          Array.from({ length: 25 }, (_, i) => i + 5),
        );
        for (const j of [...limited, ...batches.flat()]) await store.jobs.complete(j.id);
        assert.deepEqual(await store.jobs.list({ kind: 'conf.many' }), []);
      });
    });

    describe('callback events (outbox)', () => {
      /** Events are created at these times: after every job test's times, long before T0. */
      const EV_T = 10_000_000_000;
      const project = 'p-events';
      /** A rented number whose (no-op) changes carry the events of most tests. */
      let e164: string;

      function outgoing(eventId: string, fields: Partial<OutgoingEvent> = {}): OutgoingEvent {
        const event = newEvent(
          {
            eventId,
            projectId: fields.projectId ?? project,
            resourceId: fields.resourceId ?? e164,
            resourceType: fields.resourceType ?? 'ACTIVE_NUMBER',
            eventType: fields.eventType ?? 'PROVISIONING_TO_SMS_PLATFORM',
            status: fields.status ?? 'SUCCEEDED',
          },
          fields.url ?? 'https://receiver.example/callbacks',
          fields.createdAt ?? EV_T + 50,
        );
        return { ...event, ...fields };
      }

      /** The event as stored right after it was written. */
      function stored(event: OutgoingEvent, extra: Partial<StoredEvent> = {}): StoredEvent {
        return { ...event, state: 'PENDING', attempts: 0, updatedAt: event.createdAt, ...extra };
      }

      /** Writes events with a change of the number that keeps the record, as a domain change would. */
      async function write(events: OutgoingEvent[]): Promise<void> {
        const result = await store.numbers.updateActive(project, e164, (current) => ({
          record: current,
          jobs: [],
          events,
        }));
        assert.ok(result);
      }

      async function deliveryJobsOf(eventId: string) {
        return (await store.jobs.list({ kind: DELIVERY_JOB }))
          .filter((j) => j.payload.eventId === eventId)
          .map((j) => ({ status: j.status, runAt: j.runAt, payload: j.payload }))
          .sort((a, b) => a.runAt - b.runAt);
      }

      function attempt(fields: Partial<DeliveryAttempt> = {}): DeliveryAttempt {
        return {
          attempt: 1,
          attemptedAt: EV_T + 60,
          requestHeaders: {
            'content-type': 'application/json',
            'user-agent': 'open-numbers',
            'x-sinch-signature': '0123456789abcdef',
          },
          requestBody: '{"eventId":"x"}',
          responseStatus: 500,
          latencyMs: 12,
          error: 'receiver answered 500',
          ...fields,
        };
      }

      before(async () => {
        e164 = free('US', 'LOCAL').e164;
        assert.ok(await rent(e164, project));
      });

      test('events written with a rent or an update are pending, each with a delivery job due at its creation', async () => {
        assert.equal(DELIVERY_JOB, 'callbacks.delivery');
        const n = free('US', 'LOCAL').e164;
        const onRent = outgoing('ev-rent', { resourceId: n, createdAt: EV_T + 1 });
        const build = builder(project);
        const record = await store.numbers.rent(n, (row) => ({ ...build(row), events: [onRent] }));
        assert.ok(record);
        taken.add(n);
        // The body's exact characters are kept: spacing, key order, escapes, non-ASCII.
        const exotic: OutgoingEvent = {
          ...outgoing('ev-update-1', { resourceId: n, createdAt: EV_T + 2 }),
          body: '{"b": 1,  "a":"\u00e9e\u0301 \ud83d\ude80 \\u0000",\n"z":[]}',
        };
        const voice = outgoing('ev-update-2', {
          resourceId: n,
          createdAt: EV_T + 3,
          eventType: 'PROVISIONING_TO_VOICE_PLATFORM',
          status: 'FAILED',
        });
        const updated = await store.numbers.updateActive(project, n, (current) => ({
          record: { ...current, displayName: 'with events' },
          jobs: [],
          events: [exotic, voice],
        }));
        assert.equal(updated?.displayName, 'with events');
        for (const event of [onRent, exotic, voice]) {
          assert.deepEqual(await other.callbacks.getEvent(event.eventId), stored(event));
          assert.deepEqual(await deliveryJobsOf(event.eventId), [
            { status: 'pending', runAt: event.createdAt, payload: { eventId: event.eventId } },
          ]);
        }
        assert.equal(await store.callbacks.getEvent('ev-missing'), undefined);

        // Due at their creation: a worker claims them (and nothing else is due then).
        assert.deepEqual(await store.jobs.claimDue(EV_T, 10, 60_000), []);
        const claimed = await other.jobs.claimDue(EV_T + 3, 10, 60_000);
        assert.deepEqual(
          claimed
            .map((j) => ({ kind: j.kind, payload: j.payload }))
            .sort((a, b) => byteOrder(String(a.payload.eventId), String(b.payload.eventId))),
          ['ev-rent', 'ev-update-1', 'ev-update-2'].map((eventId) => ({
            kind: 'callbacks.delivery',
            payload: { eventId },
          })),
        );
        for (const job of claimed) await store.jobs.complete(job.id);
      });

      test('a change that fails writes none of its events, jobs or record', async () => {
        const original = outgoing('ev-dup', { createdAt: EV_T + 10 });
        await write([original]);
        const recordBefore = await store.numbers.getActive(project, e164);
        const jobsBefore = await store.jobs.list({});
        const eventsBefore = await store.callbacks.listEvents({ limit: 1000 });

        // The mutation throws: its error passes through and nothing is written.
        const error = new ApiError(400, 'INVALID_ARGUMENT', 'nope');
        await assert.rejects(
          store.numbers.updateActive(project, e164, () => {
            throw error;
          }),
          (e) => e === error,
        );
        // The write itself fails (an event id that exists): the record, the jobs and the other
        // events of the change roll back with it.
        await assert.rejects(
          store.numbers.updateActive(project, e164, (current) => ({
            record: { ...current, displayName: 'rolled back' },
            jobs: [{ kind: 'conf.events', payload: {}, runAt: EV_T }],
            events: [
              outgoing('ev-fresh', { createdAt: EV_T + 11 }),
              outgoing('ev-dup', { createdAt: EV_T + 12 }),
            ],
          })),
        );
        assert.deepEqual(await store.numbers.getActive(project, e164), recordBefore);
        assert.equal(await store.callbacks.getEvent('ev-fresh'), undefined);
        assert.deepEqual(await store.callbacks.getEvent('ev-dup'), stored(original));
        assert.deepEqual(await store.jobs.list({}), jobsBefore);
        assert.deepEqual(await store.callbacks.listEvents({ limit: 1000 }), eventsBefore);
      });

      test('completeRelease writes the events onRemoved returns and drops the emergency address', async () => {
        const n = free('US', 'LOCAL').e164;
        assert.ok(await rent(n, project));
        const released = await store.numbers.updateActive(project, n, (current) =>
          releaseNumber(current, T0),
        );
        const expireAt = released?.expireAt;
        assert.ok(expireAt);
        const address = { displayName: 'HQ', address: ADDRESS, updatedAt: T0 };
        await store.emergency.put(project, n, address);

        // onRemoved throws: its error passes through and nothing changes.
        const failure = new Error('onRemoved failed');
        await assert.rejects(
          store.numbers.completeRelease(project, n, expireAt, () => {
            throw failure;
          }),
          (e) => e === failure,
        );
        assert.deepEqual(await store.numbers.getActive(project, n), released);
        assert.deepEqual(await store.emergency.get(project, n), address);
        assert.equal(await store.inventory.getAvailable(n), undefined);

        const removed: ActiveNumberRecord[] = [];
        const events = [
          outgoing('ev-released-sms', {
            resourceId: n,
            eventType: 'DEPROVISIONING_FROM_SMS_PLATFORM',
            createdAt: EV_T + 20,
          }),
          outgoing('ev-released-voice', {
            resourceId: n,
            eventType: 'DEPROVISIONING_FROM_VOICE_PLATFORM',
            createdAt: EV_T + 21,
          }),
        ];
        const completed = await store.numbers.completeRelease(project, n, expireAt, (record) => {
          removed.push(record);
          return events;
        });
        assert.equal(completed, true);
        taken.delete(n);
        assert.deepEqual(removed, [released]);
        assert.equal(await store.numbers.getActive(project, n), undefined);
        assert.equal((await store.inventory.getAvailable(n))?.e164, n);
        assert.equal(await store.emergency.get(project, n), undefined);
        assert.equal(await store.emergency.delete(project, n), false);
        for (const event of events) {
          assert.deepEqual(await other.callbacks.getEvent(event.eventId), stored(event));
          assert.deepEqual(await deliveryJobsOf(event.eventId), [
            { status: 'pending', runAt: event.createdAt, payload: { eventId: event.eventId } },
          ]);
        }
      });

      test('recordAttempt: attempt row, state, attempts never decrease, retry job only with retryAt', async () => {
        const event = outgoing('ev-attempts', { projectId: 'p-attempts', createdAt: EV_T + 30 });
        await write([event]);
        const initialJob = { status: 'pending', runAt: event.createdAt, payload: { eventId: event.eventId } };

        const failed = attempt({ attempt: 1, attemptedAt: EV_T + 31, requestBody: event.body });
        await store.callbacks.recordAttempt(event.eventId, failed, 'PENDING', EV_T + 5_000);
        assert.deepEqual(
          await other.callbacks.getEvent(event.eventId),
          stored(event, { attempts: 1, updatedAt: EV_T + 31 }),
        );
        assert.deepEqual(await deliveryJobsOf(event.eventId), [
          initialJob,
          { status: 'pending', runAt: EV_T + 5_000, payload: { eventId: event.eventId } },
        ]);

        const timedOut = attempt({
          attempt: 2,
          attemptedAt: EV_T + 5_001,
          requestHeaders: { 'content-type': 'application/json' },
          requestBody: event.body,
          responseStatus: null,
          latencyMs: 10_000,
          error: 'no response within 10000 ms',
        });
        await store.callbacks.recordAttempt(event.eventId, timedOut, 'DEAD', null);
        assert.deepEqual(
          await store.callbacks.getEvent(event.eventId),
          stored(event, { state: 'DEAD', attempts: 2, updatedAt: EV_T + 5_001 }),
        );
        assert.equal((await deliveryJobsOf(event.eventId)).length, 2, 'no job without retryAt');

        // A late attempt with a lower number (a concurrent delivery) sets the state, not the count.
        const late = attempt({
          attempt: 1,
          attemptedAt: EV_T + 6_000,
          requestBody: event.body,
          responseStatus: 204,
          error: '',
        });
        await store.callbacks.recordAttempt(event.eventId, late, 'DELIVERED', null);
        const expected = stored(event, { state: 'DELIVERED', attempts: 2, updatedAt: EV_T + 6_000 });
        assert.deepEqual(await store.callbacks.getEvent(event.eventId), expected);
        assert.equal((await deliveryJobsOf(event.eventId)).length, 2);
        assert.deepEqual(await store.callbacks.listEvents({ projectId: 'p-attempts', limit: 10 }), [
          { ...expected, deliveries: [failed, timedOut, late] },
        ]);
      });

      test('redeliver: pending again with a job due now; an unknown event is false', async () => {
        const event = outgoing('ev-redeliver', { createdAt: EV_T + 40 });
        await write([event]);
        const dead = attempt({ attempt: 1, attemptedAt: EV_T + 41, requestBody: event.body });
        await store.callbacks.recordAttempt(event.eventId, dead, 'DEAD', null);
        assert.equal((await store.callbacks.getEvent(event.eventId))?.state, 'DEAD');

        assert.equal(await other.callbacks.redeliver(event.eventId, EV_T + 9_000), true);
        assert.deepEqual(
          await store.callbacks.getEvent(event.eventId),
          stored(event, { state: 'PENDING', attempts: 1, updatedAt: EV_T + 9_000 }),
        );
        assert.deepEqual(await deliveryJobsOf(event.eventId), [
          { status: 'pending', runAt: event.createdAt, payload: { eventId: event.eventId } },
          { status: 'pending', runAt: EV_T + 9_000, payload: { eventId: event.eventId } },
        ]);
        const [listed] = await store.callbacks.listEvents({
          resourceId: e164,
          eventType: event.eventType,
          limit: 1,
        });
        assert.deepEqual(listed?.deliveries, [dead], 'earlier attempts are kept');

        const jobsBefore = await store.jobs.list({});
        assert.equal(await store.callbacks.redeliver('ev-unknown', EV_T + 9_000), false);
        assert.deepEqual(await store.jobs.list({}), jobsBefore);
      });

      test('listEvents: newest first (ties by event id, byte order), filters, limit, attempts', async () => {
        const [p1, p2] = ['p-listing', 'p-listing-2'];
        const [r1, r2] = ['+15550000101', '+15550000102'];
        const t = EV_T + 100;
        const events = [
          outgoing('ls-a', { projectId: p1, resourceId: r1, createdAt: t }),
          outgoing('ls-B', {
            projectId: p1,
            resourceId: r1,
            createdAt: t + 1,
            eventType: 'PROVISIONING_TO_VOICE_PLATFORM',
          }),
          outgoing('ls-b', { projectId: p1, resourceId: r2, createdAt: t + 1 }),
          outgoing('ls-\u00e9', {
            projectId: p1,
            resourceId: r2,
            createdAt: t + 1,
            eventType: 'PROVISIONING_TO_CAMPAIGN',
          }),
          outgoing('ls-c', { projectId: p2, resourceId: r1, createdAt: t + 2 }),
          outgoing('ls-d', {
            projectId: p1,
            resourceId: r1,
            createdAt: t + 3,
            eventType: 'DEPROVISIONING_FROM_SMS_PLATFORM',
          }),
        ];
        // In two changes, not in creation order.
        await write([events[3]!, events[0]!, events[5]!]);
        await write([events[1]!, events[4]!, events[2]!]);
        const delivered = attempt({ attempt: 1, attemptedAt: t + 10, responseStatus: 200, error: '' });
        await store.callbacks.recordAttempt('ls-b', delivered, 'DELIVERED', null);
        const dead = [
          attempt({ attempt: 1, attemptedAt: t + 11 }),
          attempt({ attempt: 2, attemptedAt: t + 12, responseStatus: 503, error: 'receiver answered 503' }),
        ];
        await store.callbacks.recordAttempt('ls-c', dead[0]!, 'PENDING', null);
        await store.callbacks.recordAttempt('ls-c', dead[1]!, 'DEAD', null);

        const views = events.map((event) => {
          if (event.eventId === 'ls-b')
            return {
              ...stored(event, { state: 'DELIVERED', attempts: 1, updatedAt: t + 10 }),
              deliveries: [delivered],
            };
          if (event.eventId === 'ls-c')
            return { ...stored(event, { state: 'DEAD', attempts: 2, updatedAt: t + 12 }), deliveries: dead };
          return { ...stored(event), deliveries: [] };
        });
        const newest = (a: StoredEvent, b: StoredEvent) =>
          b.createdAt - a.createdAt || byteOrder(b.eventId, a.eventId);
        const expected = (keep: (e: StoredEvent) => boolean, limit = 100) =>
          views.filter(keep).sort(newest).slice(0, limit);

        assert.deepEqual(
          (await store.callbacks.listEvents({ projectId: p1, limit: 100 })).map((e) => e.eventId),
          ['ls-d', 'ls-\u00e9', 'ls-b', 'ls-B', 'ls-a'],
        );
        const cases: Array<[EventFilter, (e: StoredEvent) => boolean]> = [
          [{ projectId: p1, limit: 100 }, (e) => e.projectId === p1],
          [{ projectId: p2, limit: 100 }, (e) => e.projectId === p2],
          [{ projectId: p1, limit: 2 }, (e) => e.projectId === p1],
          [{ projectId: p1, limit: 4 }, (e) => e.projectId === p1],
          [{ resourceId: r1, limit: 100 }, (e) => e.resourceId === r1],
          [{ projectId: p1, resourceId: r2, limit: 100 }, (e) => e.projectId === p1 && e.resourceId === r2],
          [
            { projectId: p1, eventType: 'PROVISIONING_TO_SMS_PLATFORM', limit: 100 },
            (e) => e.projectId === p1 && e.eventType === 'PROVISIONING_TO_SMS_PLATFORM',
          ],
          [
            { projectId: p1, state: 'PENDING', limit: 100 },
            (e) => e.projectId === p1 && e.state === 'PENDING',
          ],
          [
            { projectId: p1, state: 'DELIVERED', limit: 100 },
            (e) => e.projectId === p1 && e.state === 'DELIVERED',
          ],
          [{ resourceId: r1, state: 'DEAD', limit: 100 }, (e) => e.resourceId === r1 && e.state === 'DEAD'],
          [
            {
              projectId: p1,
              resourceId: r1,
              eventType: 'DEPROVISIONING_FROM_SMS_PLATFORM',
              state: 'PENDING',
              limit: 1,
            },
            (e) => e.eventId === 'ls-d',
          ],
          [{ projectId: 'p-nobody', limit: 100 }, () => false],
          [{ projectId: p1, eventType: 'NUMBER_ORDER_PROCESSING', limit: 100 }, () => false],
        ];
        for (const [filter, keep] of cases) {
          const limit = filter.limit;
          assert.deepEqual(
            await other.callbacks.listEvents(filter),
            expected(keep, limit),
            JSON.stringify(filter),
          );
        }

        // Without filters: every event, newest first; a limit takes the newest.
        const everything = await store.callbacks.listEvents({ limit: 1000 });
        assert.ok(everything.length > views.length);
        for (let i = 1; i < everything.length; i++) {
          assert.ok(newest(everything[i - 1]!, everything[i]!) < 0, `order at ${i}`);
        }
        assert.deepEqual(await store.callbacks.listEvents({ limit: 3 }), everything.slice(0, 3));
      });
    });

    describe('callback configuration', () => {
      test('sealed secret: get, set, overwrite, per project', async () => {
        for (const projectId of ['p-secret', 'p-secret-2']) {
          await store.auth.createProject({ projectId, createdAt: T0 });
        }
        assert.equal(await store.callbacks.getSealedSecret('p-secret'), undefined);
        await store.callbacks.setSealedSecret('p-secret', 'v1.sealed.one', T0);
        assert.equal(await other.callbacks.getSealedSecret('p-secret'), 'v1.sealed.one');
        await store.callbacks.setSealedSecret('p-secret', 'v1.sealed.two', T0 + 1);
        assert.equal(await other.callbacks.getSealedSecret('p-secret'), 'v1.sealed.two');
        assert.equal(await store.callbacks.getSealedSecret('p-secret-2'), undefined);
        await store.callbacks.setSealedSecret('p-secret-2', 'v1.sealed.three', T0 + 2);
        assert.equal(await store.callbacks.getSealedSecret('p-secret'), 'v1.sealed.two');
        assert.equal(await store.callbacks.getSealedSecret('p-secret-2'), 'v1.sealed.three');
      });

      test('faults: get, set, overwrite, per project', async () => {
        assert.equal(await store.callbacks.getFaults('p-faults'), undefined);
        const first: CallbackFaults = {
          duplicate: true,
          outOfOrder: false,
          wrongSignature: true,
          delaySeconds: 2.5,
        };
        await store.callbacks.setFaults('p-faults', first);
        const got = await other.callbacks.getFaults('p-faults');
        assert.deepEqual(got, first);
        assert.deepEqual(Object.keys(got ?? {}), Object.keys(first), 'key order is kept');
        const second: CallbackFaults = {
          duplicate: false,
          outOfOrder: true,
          wrongSignature: false,
          delaySeconds: 0,
        };
        await store.callbacks.setFaults('p-faults', second);
        assert.deepEqual(await store.callbacks.getFaults('p-faults'), second);
        assert.equal(await store.callbacks.getFaults('p-faults-2'), undefined);
      });
    });

    describe('emergency addresses', () => {
      const project = 'p-e911';
      const n = '+15557770001';

      test('get, put, overwrite, delete', async () => {
        assert.equal(await store.emergency.get(project, n), undefined);
        assert.equal(await store.emergency.delete(project, n), false);
        const first = { displayName: 'HQ', address: ADDRESS, updatedAt: T0 };
        await store.emergency.put(project, n, first);
        const got = await other.emergency.get(project, n);
        assert.deepEqual(got, first);
        assert.deepEqual(Object.keys(got?.address ?? {}), Object.keys(ADDRESS), 'key order is kept');
        const second = {
          displayName: 'Annex \u00e9',
          address: { ...ADDRESS, streetNumber: '1', location: '', postalCodePlusFour: '' },
          updatedAt: T0 + 1,
        };
        await store.emergency.put(project, n, second);
        assert.deepEqual(await other.emergency.get(project, n), second);
        assert.equal(await store.emergency.delete(project, n), true);
        assert.equal(await other.emergency.get(project, n), undefined);
        assert.equal(await store.emergency.delete(project, n), false);
      });

      test("another project neither sees nor removes a number's address", async () => {
        const stored = { displayName: 'Mine', address: ADDRESS, updatedAt: T0 };
        await store.emergency.put(project, n, stored);
        assert.equal(await store.emergency.get('p-e911-other', n), undefined);
        assert.equal(await store.emergency.delete('p-e911-other', n), false);
        assert.deepEqual(await store.emergency.get(project, n), stored);
        // Numbers are independent.
        assert.equal(await store.emergency.get(project, '+15557770002'), undefined);
        assert.equal(await store.emergency.delete(project, '+15557770002'), false);
        assert.deepEqual(await store.emergency.get(project, n), stored);
      });
    });

    describe('number orders', () => {
      const project = 'p-orders';
      /** Orders are created at these times: after every event test's times, around T0. */
      const OT = T0 + 100_000_000;
      const EXPIRY_JOB = 'conf.orders.expiry';
      let orderSeq = 0;

      /** The order a create writes for the rows it reserved, built by hand. */
      function orderFor(rows: InventoryRow[], fields: Partial<NumberOrderRecord> = {}): NumberOrderRecord {
        const regionCode = rows[0]?.regionCode ?? 'US';
        const numberType = rows[0]?.numberType ?? 'LOCAL';
        const product = productFor(regionCode, numberType);
        const createdAt = fields.createdAt ?? OT;
        return {
          orderId: `ord-${String(orderSeq++).padStart(4, '0')}`,
          projectId: project,
          regionCode,
          numberType,
          state: 'CREATED',
          orderNumbers: rows.map((row) => ({
            phoneNumber: row.e164,
            numberId: row.id,
            capabilities: row.capabilities,
            setupPrice: { currencyCode: product.currencyCode, amount: product.setupPrice },
            monthlyPrice: { currencyCode: product.currencyCode, amount: product.monthlyPrice },
            paymentIntervalMonths: product.paymentIntervalMonths,
          })),
          smsConfiguration: { servicePlanId: 'plan-orders', campaignId: '' },
          voiceConfiguration: null,
          callbackUrl: 'https://receiver.example/orders',
          policyVersion: 1,
          registration: null,
          rejectionReason: '',
          createdAt,
          updatedAt: createdAt,
          expireAt: createdAt + RESERVATION_MS,
          submittedAt: null,
          ...fields,
        };
      }

      /** A build callback as the domain's: the order, its expiry job and its CREATED event. */
      function creating(fields: Partial<NumberOrderRecord> = {}, seen?: InventoryRow[][]) {
        return (rows: InventoryRow[]): OrderChange => {
          seen?.push(rows);
          const order = orderFor(rows, fields);
          return {
            order,
            jobs: [{ kind: EXPIRY_JOB, runAt: order.expireAt, payload: { orderId: order.orderId } }],
            events: orderEvent(order, 'CREATED', `ev-${order.orderId}-created`, order.createdAt),
          };
        };
      }

      async function create(claim: OrderClaim, fields: Partial<NumberOrderRecord> = {}, via = store) {
        const order = await via.orders.create(claim, creating(fields));
        for (const n of order?.orderNumbers ?? []) taken.add(n.phoneNumber);
        return order;
      }

      async function available(e164: string): Promise<boolean> {
        return (await store.inventory.getAvailable(e164)) !== undefined;
      }

      /** The active number a completed order turns one of its numbers into. */
      function activation(order: NumberOrderRecord, phoneNumber: string, now: number): NumberChange {
        const n = order.orderNumbers.find((o) => o.phoneNumber === phoneNumber);
        const row: InventoryRow = {
          id: n?.numberId ?? 0,
          e164: phoneNumber,
          regionCode: order.regionCode,
          numberType: order.numberType,
          capabilities: n?.capabilities ?? 3,
        };
        return applyConfiguration(
          newActiveNumber(order.projectId, row, productFor(order.regionCode, order.numberType), now),
          { smsConfiguration: { servicePlanId: 'plan-orders' }, callbackUrl: order.callbackUrl },
          context(now),
        );
      }

      function attachmentOf(
        attachmentId: string,
        content: Buffer,
        fields: Partial<StoredAttachment> = {},
      ): StoredAttachment & { content: Buffer } {
        return {
          attachmentId,
          fileName: `${attachmentId}.pdf`,
          mimeType: 'application/pdf',
          documentType: 'PROOF_OF_ADDRESS',
          size: content.length,
          createdAt: OT + 10,
          updatedAt: OT + 10,
          content,
          ...fields,
        };
      }

      function bytes(length: number, seed: number): Buffer {
        const buffer = Buffer.alloc(length);
        let x = seed;
        for (let i = 0; i < length; i++) {
          x = (x * 1103515245 + 12345) >>> 0;
          buffer[i] = x >>> 24;
        }
        return buffer;
      }

      test('create by phone numbers: reserves them all, in the order asked, with jobs and events', async () => {
        const [a, b] = [free('US', 'LOCAL').e164, free('US', 'LOCAL', 1).e164];
        const countBefore = await store.inventory.countAvailable();
        const seen: InventoryRow[][] = [];
        // Key order inside the record (registration) survives the round trip.
        const registration = { zeta: 'last first', alpha: { b: 2, a: [1, 'é'] } };
        const order = await store.orders.create({ phoneNumbers: [b, a] }, creating({ registration }, seen));
        assert.ok(order);
        taken.add(a);
        taken.add(b);
        assert.deepEqual(
          seen.map((rows) => rows.map((r) => r.e164)),
          [[b, a]],
          'build runs once, with the rows in the order asked',
        );
        for (const row of seen[0]!) {
          assert.equal(typeof row.id, 'number');
          const n = INVENTORY.find((x) => x.e164 === row.e164)!;
          assert.deepEqual(
            { ...row, id: 0 },
            {
              id: 0,
              e164: n.e164,
              regionCode: n.regionCode,
              numberType: n.numberType,
              capabilities: n.capabilities,
            },
            'the inventory row of the number',
          );
        }
        const stored = await other.orders.get(project, order.orderId);
        assert.deepEqual(stored, order);
        assert.deepEqual(Object.keys(stored?.registration as object), ['zeta', 'alpha']);
        assert.deepEqual(Object.keys((stored!.registration as { alpha: object }).alpha), ['b', 'a']);
        assert.equal(await store.orders.get('someone-else', order.orderId), undefined);
        assert.equal(await store.orders.get(project, 'ord-missing'), undefined);

        // Reserved: gone from the inventory's searches and lookups.
        assert.equal(await available(a), false);
        assert.equal(await available(b), false);
        assert.equal(await store.inventory.countAvailable(), countBefore - 2);
        const search: AvailableSearch = { regionCode: 'US', numberType: 'LOCAL', limit: 200 };
        const listed = (await store.inventory.searchAvailable(search)).map((r) => r.e164);
        assert.ok(!listed.includes(a) && !listed.includes(b));
        assert.deepEqual(listed, oracle(search, taken));
        // And not rentable.
        assert.equal(await store.numbers.rent(a, builder('p-thief')), undefined);

        // The change's job and event are written with it.
        const [expiry] = (await store.jobs.list({ kind: EXPIRY_JOB })).filter(
          (j) => j.payload.orderId === order.orderId,
        );
        assert.deepEqual(
          { status: expiry?.status, runAt: expiry?.runAt },
          { status: 'pending', runAt: order.expireAt },
        );
        const event = await other.callbacks.getEvent(`ev-${order.orderId}-created`);
        assert.equal(event?.resourceId, order.orderId);
        assert.equal(event?.eventType, 'NUMBER_ORDER_PROCESSING');
        assert.equal(event?.state, 'PENDING');
      });

      test('create by phone numbers: all or nothing', async () => {
        const reserved = (await store.orders.list({ projectId: project, limit: 100 }))[0]!;
        const held = reserved.orderNumbers[0]!.phoneNumber;
        const never = () => assert.fail('build must not run');
        // The same number again, alone or with a free one: nothing is reserved.
        assert.equal(await store.orders.create({ phoneNumbers: [held] }, never), undefined);
        assert.equal(await other.orders.create({ phoneNumbers: [held] }, never), undefined);
        const c = free('US', 'LOCAL').e164;
        assert.equal(await store.orders.create({ phoneNumbers: [c, held] }, never), undefined);
        assert.equal(await available(c), true, 'the free number stays available');
        // A number that does not exist, or one that is rented.
        assert.equal(await store.orders.create({ phoneNumbers: [c, '+10000000000'] }, never), undefined);
        const rented = usLocal[3]!.e164;
        assert.ok(await store.numbers.getActive(PROJECT, rented));
        assert.equal(await store.orders.create({ phoneNumbers: [rented, c] }, never), undefined);
        assert.equal(await available(c), true);
        // Nothing was written by the failed creates.
        assert.deepEqual(await store.orders.list({ projectId: project, limit: 100 }), [reserved]);
      });

      test('create: a build that throws rolls back and its error propagates unchanged', async () => {
        const c = free('US', 'LOCAL').e164;
        const jobsBefore = await store.jobs.list({});
        const failure = new ApiError(400, 'INVALID_ARGUMENT', 'bad order');
        await assert.rejects(
          store.orders.create({ phoneNumbers: [c] }, () => {
            throw failure;
          }),
          (e) => e === failure,
        );
        const search = { regionCode: 'US', numberType: 'LOCAL' as const };
        await assert.rejects(
          store.orders.create({ search, quantity: 2 }, () => {
            throw failure;
          }),
          (e) => e === failure,
        );
        // The write itself fails (an order id that exists): the reservation rolls back with it.
        const [existing] = await store.orders.list({ projectId: project, limit: 1 });
        await assert.rejects(
          store.orders.create({ phoneNumbers: [c] }, (rows) => ({
            ...creating()(rows),
            order: orderFor(rows, { orderId: existing!.orderId }),
          })),
        );
        assert.equal(await available(c), true);
        assert.deepEqual(
          (await store.inventory.searchAvailable({ ...search, limit: 200 })).map((r) => r.e164),
          oracle({ ...search, limit: 200 }, taken),
        );
        assert.deepEqual(await store.jobs.list({}), jobsBefore);
        assert.deepEqual(await store.orders.list({ projectId: project, limit: 100 }), [existing]);
      });

      test('create by search and quantity: the first matching numbers in e164 order; too few is undefined', async () => {
        const search = { regionCode: 'US', numberType: 'LOCAL' as const };
        const expected = oracle({ ...search, limit: 3 }, taken);
        const seen: InventoryRow[][] = [];
        const order = await store.orders.create({ search, quantity: 3 }, creating({}, seen));
        assert.ok(order);
        for (const n of expected) taken.add(n);
        assert.deepEqual(
          seen.map((rows) => rows.map((r) => r.e164)),
          [expected],
        );
        assert.deepEqual(
          order.orderNumbers.map((n) => n.phoneNumber),
          expected,
        );
        for (const n of expected) assert.equal(await available(n), false);
        assert.deepEqual(await other.orders.get(project, order.orderId), order);

        // The pattern and the capabilities are honoured.
        const sample = oracle({ ...search, limit: 200 }, taken)[20]!;
        const pattern = { pattern: sample.slice(-2), searchPattern: 'END' as const };
        const [first, second] = oracle({ ...search, pattern, limit: 2 }, taken);
        const byPattern = await create({ search: { ...search, pattern }, quantity: 1 });
        assert.deepEqual(
          byPattern?.orderNumbers.map((n) => n.phoneNumber),
          [first],
        );
        assert.equal(await available(second ?? first!), second !== undefined);

        // Fewer matches than asked: nothing is reserved.
        const never = () => assert.fail('build must not run');
        const single = oracle({ ...search, limit: 200 }, taken)[20]!;
        const exact = { pattern: single, searchPattern: 'END' as const };
        assert.equal(
          await store.orders.create({ search: { ...search, pattern: exact }, quantity: 2 }, never),
          undefined,
        );
        assert.equal(await available(single), true);
        const noSms = {
          regionCode: 'GB',
          numberType: 'LOCAL' as const,
          capabilityMasks: masksIncluding(['SMS']),
        };
        assert.equal(await store.orders.create({ search: noSms, quantity: 1 }, never), undefined);
        const all = oracle({ ...search, limit: 1000 }, taken);
        assert.equal(await store.orders.create({ search, quantity: all.length + 1 }, never), undefined);
        assert.equal(await store.inventory.countAvailable(), INVENTORY.length - taken.size);
      });

      test('create: 10 concurrent orders for one number make exactly one order', async () => {
        const n = free('US', 'LOCAL').e164;
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? store : other).orders.create(
              { phoneNumbers: [n] },
              creating({ projectId: `p-race-${i}` }),
            ),
          ),
        );
        const winners = results.filter((r): r is NumberOrderRecord => r !== undefined);
        assert.equal(winners.length, 1);
        taken.add(n);
        const winner = winners[0]!;
        assert.deepEqual(await store.orders.get(winner.projectId, winner.orderId), winner);
        for (let i = 0; i < 10; i++) {
          const orders = await store.orders.list({ projectId: `p-race-${i}`, limit: 10 });
          assert.equal(orders.length, `p-race-${i}` === winner.projectId ? 1 : 0);
        }
        assert.equal(await available(n), false);
      });

      test('create: concurrent orders for overlapping numbers, asked in opposite orders, have one winner', async () => {
        const [a, b, c] = [0, 1, 2].map((i) => free('US', 'LOCAL', i).e164) as [string, string, string];
        const claims = [
          [a, b],
          [b, a],
          [c, a],
          [b, c],
        ];
        const results = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            (i % 2 ? store : other).orders.create(
              { phoneNumbers: claims[i % claims.length]! },
              creating({ projectId: 'p-overlap' }),
            ),
          ),
        );
        const winners = results.filter((r): r is NumberOrderRecord => r !== undefined);
        // Every two claims share a number: exactly one can win.
        assert.equal(winners.length, 1);
        const won = winners.flatMap((w) => w.orderNumbers.map((n) => n.phoneNumber));
        assert.equal(new Set(won).size, won.length, 'no number is in two orders');
        for (const n of won) taken.add(n);
        for (const n of [a, b, c]) assert.equal(await available(n), !won.includes(n), n);
        assert.equal((await store.orders.list({ projectId: 'p-overlap', limit: 20 })).length, winners.length);
      });

      test('create by search: concurrent orders take disjoint numbers', async () => {
        const search = { regionCode: 'US', numberType: 'LOCAL' as const };
        const expected = oracle({ ...search, limit: 16 }, taken);
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            create({ search, quantity: 2 }, { projectId: 'p-any-orders' }, i % 2 ? store : other),
          ),
        );
        const numbers = results.flatMap((r) => r?.orderNumbers.map((n) => n.phoneNumber) ?? ['missing']);
        assert.equal(numbers.length, 16);
        assert.deepEqual([...numbers].sort(byteOrder), expected, 'the first 16, each once');
        for (const r of results) {
          const own = r!.orderNumbers.map((n) => n.phoneNumber);
          assert.deepEqual(own, [...own].sort(byteOrder), 'each order in e164 order');
        }
      });

      describe('update', () => {
        let order: NumberOrderRecord;
        before(async () => {
          const created = await create({
            phoneNumbers: [free('US', 'LOCAL').e164, free('US', 'LOCAL', 1).e164],
          });
          assert.ok(created);
          order = created;
        });

        test('unknown order or another project: undefined, mutate not called', async () => {
          const never = () => assert.fail('mutate must not run');
          assert.equal(await store.orders.update(project, 'ord-missing', never), undefined);
          assert.equal(await store.orders.update('someone-else', order.orderId, never), undefined);
        });

        test('null means no change and returns the current order', async () => {
          const result = await store.orders.update(project, order.orderId, (current) => {
            assert.deepEqual(current, order);
            return null;
          });
          assert.deepEqual(result, order);
        });

        test('a mutation that throws rolls back and its error propagates unchanged', async () => {
          const jobsBefore = await store.jobs.list({});
          const error = new ApiError(400, 'FAILED_PRECONDITION', 'not now');
          await assert.rejects(
            store.orders.update(project, order.orderId, () => {
              throw error;
            }),
            (e) => e === error,
          );
          // The write fails (an activation of a number the order does not hold): the order, the
          // active numbers, the jobs and the events of the change all roll back.
          const [held] = order.orderNumbers;
          const stranger = free('US', 'LOCAL').e164;
          const completed = { ...order, state: 'COMPLETED' as const, updatedAt: OT + 50 };
          await assert.rejects(
            store.orders.update(project, order.orderId, () => ({
              order: completed,
              jobs: [{ kind: 'conf.orders.never', payload: {}, runAt: OT }],
              events: orderEvent(completed, 'COMPLETED', 'ev-never', OT + 50),
              activate: [activation(order, held!.phoneNumber, OT + 50), activation(order, stranger, OT + 50)],
            })),
          );
          assert.deepEqual(await store.orders.get(project, order.orderId), order);
          assert.equal(await store.numbers.getActive(project, held!.phoneNumber), undefined);
          assert.equal(await available(held!.phoneNumber), false, 'still reserved');
          assert.equal(await available(stranger), true);
          assert.equal(await store.callbacks.getEvent('ev-never'), undefined);
          assert.deepEqual(await store.jobs.list({}), jobsBefore);
        });

        test('concurrent updates are serialised: none is lost', async () => {
          await Promise.all(
            Array.from({ length: 10 }, (_, i) =>
              (i % 2 ? store : other).orders.update(project, order.orderId, (current) => ({
                order: { ...current, rejectionReason: `${current.rejectionReason}.${i}` },
              })),
            ),
          );
          const final = await store.orders.get(project, order.orderId);
          assert.deepEqual(
            final!.rejectionReason
              .split('.')
              .slice(1)
              .map(Number)
              .sort((x, y) => x - y),
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
          );
          order = final!;
        });

        test('activate: the reserved numbers become active numbers of the project, with their jobs', async () => {
          const now = OT + 1_000;
          const completed = { ...order, state: 'COMPLETED' as const, updatedAt: now };
          const activate = order.orderNumbers.map((n) => activation(order, n.phoneNumber, now));
          const result = await other.orders.update(project, order.orderId, (current) => {
            assert.deepEqual(current, order);
            return {
              order: completed,
              events: orderEvent(completed, 'COMPLETED', `ev-${order.orderId}-completed`, now),
              activate,
            };
          });
          assert.deepEqual(result, completed);
          assert.deepEqual(await store.orders.get(project, order.orderId), completed);
          for (const change of activate) {
            const e164 = change.record.phoneNumber;
            assert.deepEqual(await store.numbers.getActive(project, e164), change.record);
            assert.equal(await available(e164), false);
            assert.equal(await store.numbers.rent(e164, builder('p-thief')), undefined);
            const jobs = (await store.jobs.list({ kind: PROVISIONING_JOB })).filter(
              (j) => j.payload.phoneNumber === e164,
            );
            assert.deepEqual(
              jobs.map((j) => ({ status: j.status, runAt: j.runAt, channel: j.payload.channel })),
              [{ status: 'pending', runAt: now + 1000, channel: 'sms' }],
              'the provisioning job is due one step after the activation',
            );
          }
          const listed = await store.numbers.listActive({
            projectId: project,
            orderBy: 'phoneNumber',
            limit: 100,
            now,
          });
          assert.deepEqual(
            listed.records.map((r) => r.phoneNumber),
            order.orderNumbers.map((n) => n.phoneNumber).sort(byteOrder),
          );
          const event = await store.callbacks.getEvent(`ev-${order.orderId}-completed`);
          assert.equal(event?.status, 'COMPLETED');
          // Activating again fails: the numbers are no longer reserved.
          await assert.rejects(
            store.orders.update(project, order.orderId, (current) => ({ order: current, activate })),
          );
        });

        test('releaseNumbers: the numbers still reserved return to the inventory', async () => {
          const [a, b] = [free('US', 'LOCAL').e164, free('US', 'LOCAL', 1).e164];
          const held = await create({ phoneNumbers: [a, b] });
          assert.ok(held);
          const now = OT + 2_000;
          const expired = { ...held, state: 'EXPIRED' as const, updatedAt: now };
          const result = await store.orders.update(project, held.orderId, () => ({
            order: expired,
            releaseNumbers: true,
            events: orderEvent(expired, 'EXPIRED', `ev-${held.orderId}-expired`, now),
          }));
          assert.deepEqual(result, expired);
          assert.deepEqual(await other.orders.get(project, held.orderId), expired);
          for (const n of [a, b]) {
            assert.equal(await available(n), true, n);
            taken.delete(n);
          }
          const search: AvailableSearch = { regionCode: 'US', numberType: 'LOCAL', limit: 200 };
          assert.deepEqual(
            (await store.inventory.searchAvailable(search)).map((r) => r.e164),
            oracle(search, taken),
          );
          assert.equal((await store.callbacks.getEvent(`ev-${held.orderId}-expired`))?.status, 'EXPIRED');

          // A released number that was rented since is not released again, nor activated.
          assert.ok(await rent(a, 'p-after-release'));
          await store.orders.update(project, held.orderId, (current) => ({
            order: current,
            releaseNumbers: true,
          }));
          assert.equal(await available(a), false);
          assert.ok(await store.numbers.getActive('p-after-release', a));
          await assert.rejects(
            store.orders.update(project, held.orderId, (current) => ({
              order: { ...current, state: 'COMPLETED' },
              activate: [activation(held, a, now)],
            })),
          );
          assert.deepEqual(await store.orders.get(project, held.orderId), expired);
        });
      });

      describe('attachments', () => {
        let order: NumberOrderRecord;
        before(async () => {
          const created = await create({ phoneNumbers: [free('US', 'LOCAL').e164] });
          assert.ok(created);
          order = created;
        });

        test('put: stored with its content byte for byte; metadata returned without content', async () => {
          const content = bytes(300_000, 1);
          content[0] = 0;
          content[1] = 0xff;
          const input = attachmentOf('att-b', content);
          const stored = await store.orders.putAttachment(project, order.orderId, input, (current) => {
            assert.deepEqual(current, order);
          });
          const { content: _content, ...metadata } = input;
          assert.deepEqual(stored, metadata);
          assert.ok(!('content' in (stored ?? {})));
          const got = await other.orders.getAttachment(order.orderId, 'att-b');
          assert.deepEqual(got?.attachment, metadata);
          assert.ok(Buffer.isBuffer(got?.content));
          assert.ok(got!.content.equals(content), 'content round-trips byte-exact');
          assert.deepEqual(await other.orders.listAttachments(order.orderId), [metadata]);
        });

        test('put again replaces it, keeping createdAt', async () => {
          const content = bytes(1_000, 2);
          const input = attachmentOf('att-b', content, {
            fileName: 'replaced é.png',
            mimeType: 'image/png',
            documentType: 'IDENTITY',
            createdAt: OT + 20,
            updatedAt: OT + 20,
          });
          const stored = await other.orders.putAttachment(project, order.orderId, input, () => {});
          const { content: _content, ...metadata } = input;
          const expected = { ...metadata, createdAt: OT + 10 };
          assert.deepEqual(stored, expected);
          assert.deepEqual(Object.keys(stored ?? {}), Object.keys(metadata));
          const got = await store.orders.getAttachment(order.orderId, 'att-b');
          assert.deepEqual(got?.attachment, expected);
          assert.ok(got?.content.equals(content));
          assert.deepEqual(await store.orders.listAttachments(order.orderId), [expected]);
        });

        test('a check that throws stores nothing and its error propagates unchanged', async () => {
          const before = await store.orders.getAttachment(order.orderId, 'att-b');
          const refused = new ApiError(400, 'FAILED_PRECONDITION', 'order not editable');
          for (const id of ['att-b', 'att-new']) {
            await assert.rejects(
              store.orders.putAttachment(project, order.orderId, attachmentOf(id, bytes(10, 3)), () => {
                throw refused;
              }),
              (e) => e === refused,
            );
          }
          assert.deepEqual(await store.orders.getAttachment(order.orderId, 'att-b'), before);
          assert.equal(await store.orders.getAttachment(order.orderId, 'att-new'), undefined);
        });

        test('unknown order or another project: undefined, check not called, nothing stored', async () => {
          const never = () => assert.fail('check must not run');
          const input = attachmentOf('att-x', bytes(10, 4));
          assert.equal(await store.orders.putAttachment(project, 'ord-missing', input, never), undefined);
          assert.equal(
            await store.orders.putAttachment('someone-else', order.orderId, input, never),
            undefined,
          );
          assert.equal(await store.orders.getAttachment(order.orderId, 'att-x'), undefined);
          assert.equal(await store.orders.getAttachment('ord-missing', 'att-x'), undefined);
          assert.deepEqual(await store.orders.listAttachments('ord-missing'), []);
        });

        test('listed by attachment id (byte order); each order has its own', async () => {
          for (const id of ['att-a', 'att-B', 'att-\u00e9']) {
            assert.ok(
              await store.orders.putAttachment(
                project,
                order.orderId,
                attachmentOf(id, bytes(5, 5)),
                () => {},
              ),
            );
          }
          const listed = await other.orders.listAttachments(order.orderId);
          assert.deepEqual(
            listed.map((a) => a.attachmentId),
            ['att-B', 'att-a', 'att-b', 'att-\u00e9'],
          );
          const second = await create({ phoneNumbers: [free('US', 'LOCAL').e164] });
          assert.ok(second);
          assert.deepEqual(await store.orders.listAttachments(second.orderId), []);
          const own = attachmentOf('att-a', Buffer.from('second order'));
          await store.orders.putAttachment(project, second.orderId, own, () => {});
          assert.equal(
            (await store.orders.getAttachment(second.orderId, 'att-a'))?.content.toString(),
            'second order',
          );
          assert.ok((await store.orders.getAttachment(order.orderId, 'att-a'))?.content.equals(bytes(5, 5)));
        });

        test('concurrent uploads to one order are all stored; none is lost', async () => {
          await Promise.all(
            Array.from({ length: 10 }, (_, i) =>
              (i % 2 ? store : other).orders.putAttachment(
                project,
                order.orderId,
                attachmentOf(`att-par-${i}`, bytes(100, i)),
                () => {},
              ),
            ),
          );
          const listed = (await store.orders.listAttachments(order.orderId)).filter((a) =>
            a.attachmentId.startsWith('att-par-'),
          );
          assert.equal(listed.length, 10);
        });
      });

      test('list: oldest first (ties by order id, byte order), filtered by state and project, limited', async () => {
        const p = 'p-order-list';
        const rows = async () => [
          (await store.inventory.searchAvailable({ regionCode: 'US', numberType: 'LOCAL', limit: 1 }))[0]!,
        ];
        const made: NumberOrderRecord[] = [];
        const specs: Array<[string, number, string]> = [
          ['lst-b', OT + 3, p],
          ['lst-a', OT + 3, p],
          ['lst-B', OT + 3, p],
          ['lst-c', OT + 1, p],
          ['lst-d', OT + 2, 'p-order-list-2'],
          ['lst-e', OT + 4, p],
        ];
        for (const [orderId, createdAt, projectId] of specs) {
          const [row] = await rows();
          const created = await store.orders.create({ phoneNumbers: [row!.e164] }, (r) => ({
            order: orderFor(r, { orderId, createdAt, projectId }),
          }));
          assert.ok(created);
          taken.add(row!.e164);
          made.push(created);
        }
        // One moves on: the state filter sees the new state, the position stays (created_at).
        const inReview = await store.orders.update(p, 'lst-a', (current) => ({
          order: { ...current, state: 'IN_REVIEW', submittedAt: OT + 5, updatedAt: OT + 5 },
        }));
        const current = made.map((o) => (o.orderId === 'lst-a' ? inReview! : o));
        const ordered = (keep: (o: NumberOrderRecord) => boolean) =>
          current.filter(keep).sort((x, y) => x.createdAt - y.createdAt || byteOrder(x.orderId, y.orderId));

        assert.deepEqual(
          (await store.orders.list({ projectId: p, limit: 100 })).map((o) => o.orderId),
          ['lst-c', 'lst-B', 'lst-a', 'lst-b', 'lst-e'],
        );
        assert.deepEqual(
          await other.orders.list({ projectId: p, limit: 100 }),
          ordered((o) => o.projectId === p),
        );
        assert.deepEqual(
          await other.orders.list({ projectId: p, limit: 2 }),
          ordered((o) => o.projectId === p).slice(0, 2),
        );
        assert.deepEqual(
          await store.orders.list({ projectId: p, state: 'CREATED', limit: 100 }),
          ordered((o) => o.projectId === p && o.state === 'CREATED'),
        );
        assert.deepEqual(await store.orders.list({ projectId: p, state: 'IN_REVIEW', limit: 100 }), [
          inReview,
        ]);
        assert.deepEqual(await store.orders.list({ projectId: 'p-nobody', limit: 100 }), []);
        // Across projects: every order in that state, oldest first.
        const reviewing = await store.orders.list({ state: 'IN_REVIEW', limit: 100 });
        assert.ok(reviewing.every((o) => o.state === 'IN_REVIEW'));
        assert.ok(reviewing.some((o) => o.orderId === 'lst-a'));
        const everything = await store.orders.list({ limit: 1000 });
        for (const o of current) assert.ok(everything.some((e) => e.orderId === o.orderId));
        for (let i = 1; i < everything.length; i++) {
          const [x, y] = [everything[i - 1]!, everything[i]!];
          assert.ok(
            x.createdAt < y.createdAt || (x.createdAt === y.createdAt && byteOrder(x.orderId, y.orderId) < 0),
            `order at ${i}`,
          );
        }
        assert.deepEqual(await store.orders.list({ limit: 3 }), everything.slice(0, 3));
      });
    });

    describe('KYC policies', () => {
      const PT = T0 + 200_000_000;
      function policyDocument(regionCode: string, numberType: string, version: number, extra: object = {}) {
        // Keys deliberately not sorted: the stored text keeps them in this order.
        return {
          regionCode,
          numberType,
          version,
          title: `${regionCode} ${numberType}`,
          fields: [{ name: 'z' }, { name: 'a' }],
          ...extra,
        };
      }

      async function flag(regionCode: string, numberType: NumberType): Promise<boolean | undefined> {
        return (await store.inventory.getProduct(regionCode, numberType))?.supportingDocumentationRequired;
      }

      test('none stored at first', async () => {
        assert.deepEqual(await store.policies.listLatest(), []);
        assert.equal(await store.policies.getLatest('SE', 'MOBILE'), undefined);
      });

      test('putNewVersion: versions 1, 2, …; the document carries its version; the product needs documentation', async () => {
        assert.equal(await flag('SE', 'MOBILE'), false);
        const document = {
          note: 'first',
          version: 99,
          regionCode: 'SE',
          numberType: 'MOBILE',
          zz: { b: 1, a: 2 },
        };
        const first = await store.policies.putNewVersion('SE', 'MOBILE', document, PT);
        const expected1 = {
          regionCode: 'SE',
          numberType: 'MOBILE',
          version: 1,
          document: { ...document, version: 1 },
          createdAt: PT,
        };
        assert.deepEqual(first, expected1);
        assert.equal(await flag('SE', 'MOBILE'), true);
        const got = await other.policies.getLatest('SE', 'MOBILE');
        assert.deepEqual(got, expected1);
        assert.deepEqual(Object.keys(got?.document as object), [
          'note',
          'version',
          'regionCode',
          'numberType',
          'zz',
        ]);
        assert.deepEqual(Object.keys((got!.document as { zz: object }).zz), ['b', 'a']);

        // Without a version key, the version is added.
        const second = await other.policies.putNewVersion('SE', 'MOBILE', { note: 'second' }, PT + 1);
        const expected2 = {
          regionCode: 'SE',
          numberType: 'MOBILE',
          version: 2,
          document: { note: 'second', version: 2 },
          createdAt: PT + 1,
        };
        assert.deepEqual(second, expected2);
        assert.deepEqual(await store.policies.getLatest('SE', 'MOBILE'), expected2);
        assert.deepEqual(await store.policies.listLatest(), [expected2]);
        // Another pair starts at 1.
        const other1 = await store.policies.putNewVersion('SE', 'LOCAL', { note: 'local' }, PT + 2);
        assert.equal(other1.version, 1);
        assert.deepEqual(
          (await store.policies.listLatest()).map((p) => [p.regionCode, p.numberType, p.version]),
          [
            ['SE', 'LOCAL', 1],
            ['SE', 'MOBILE', 2],
          ],
        );
      });

      test('putNewVersion: concurrent puts get distinct versions', async () => {
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            (i % 2 ? store : other).policies.putNewVersion('NL', 'MOBILE', { i }, PT + 10 + i),
          ),
        );
        assert.deepEqual(
          results.map((r) => r.version).sort((a, b) => a - b),
          [1, 2, 3, 4, 5, 6, 7, 8],
        );
        const latest = await store.policies.getLatest('NL', 'MOBILE');
        assert.equal(latest?.version, 8);
        assert.deepEqual(
          latest,
          results.find((r) => r.version === 8),
        );
      });

      test('seedMissing: stores the documents of pairs without a policy, once', async () => {
        assert.equal(await flag('GB', 'MOBILE'), false);
        const before = await store.policies.getLatest('SE', 'MOBILE');
        const documents = [
          policyDocument('GB', 'MOBILE', 1),
          policyDocument('SE', 'MOBILE', 1, { note: 'shipped' }),
          policyDocument('NO', 'LOCAL', 3),
        ];
        assert.equal(await store.policies.seedMissing(documents, PT + 100), 2);
        assert.deepEqual(
          await store.policies.getLatest('SE', 'MOBILE'),
          before,
          'a pair with a policy is untouched',
        );
        const gb = await other.policies.getLatest('GB', 'MOBILE');
        assert.deepEqual(gb, {
          regionCode: 'GB',
          numberType: 'MOBILE',
          version: 1,
          document: documents[0],
          createdAt: PT + 100,
        });
        assert.deepEqual(Object.keys(gb?.document as object), Object.keys(documents[0]!));
        assert.equal(
          (await store.policies.getLatest('NO', 'LOCAL'))?.version,
          3,
          'stored with its own version',
        );
        assert.equal(await flag('GB', 'MOBILE'), true);
        assert.equal(await store.policies.seedMissing(documents, PT + 200), 0);
        assert.equal((await store.policies.getLatest('GB', 'MOBILE'))?.createdAt, PT + 100);

        // Two processes seeding at once store each pair once.
        const more = [
          policyDocument('DK', 'MOBILE', 1),
          policyDocument('FI', 'MOBILE', 1),
          policyDocument('GB', 'MOBILE', 1),
        ];
        const counts = await Promise.all([
          store.policies.seedMissing(more, PT + 300),
          other.policies.seedMissing(more, PT + 300),
        ]);
        assert.equal(counts[0]! + counts[1]!, 2);
        assert.deepEqual(
          (await store.policies.listLatest()).map((p) => [p.regionCode, p.numberType, p.version]),
          [
            ['DK', 'MOBILE', 1],
            ['FI', 'MOBILE', 1],
            ['GB', 'MOBILE', 1],
            ['NL', 'MOBILE', 8],
            ['NO', 'LOCAL', 3],
            ['SE', 'LOCAL', 1],
            ['SE', 'MOBILE', 2],
          ],
        );
        // A later version on top of a seeded one.
        const next = await store.policies.putNewVersion(
          'GB',
          'MOBILE',
          policyDocument('GB', 'MOBILE', 1),
          PT + 400,
        );
        assert.equal(next.version, 2);
        assert.equal((await store.policies.getLatest('GB', 'MOBILE'))?.version, 2);
      });
    });
  });
}

function pat(
  regionCode: string,
  numberType: NumberType,
  pattern: string,
  searchPattern: NumberPattern['searchPattern'],
): Omit<AvailableSearch, 'limit'> {
  return { regionCode, numberType, pattern: { pattern, searchPattern } };
}
