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
  PROVISIONING_JOB,
  RELEASE_JOB,
  releaseNumber,
} from '../../src/domain/numbers/activeNumber.js';
import { masksIncluding } from '../../src/domain/numbers/capabilities.js';
import { matchesPattern, type NumberPattern } from '../../src/domain/numbers/patterns.js';
import { ApiError } from '../../src/errors.js';
import { openPostgresStore } from '../../src/store/postgres/postgresStore.js';
import { openSqliteStore } from '../../src/store/sqlite/sqliteStore.js';
import type { AvailableSearch, RentBuilder, Store } from '../../src/store/types.js';
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
        assert.equal(await store.numbers.completeRelease(project, phoneNumber, expireAt - 1), false);
        assert.ok(await store.numbers.getActive(project, phoneNumber));
        assert.equal(await store.numbers.completeRelease('someone-else', phoneNumber, expireAt), false);
        // A number that was never released is never completed.
        assert.equal(
          await store.numbers.completeRelease(project, numbers[0]!.phoneNumber, expireAt + 1e12),
          false,
        );

        const available = await store.inventory.countAvailable();
        assert.equal(await store.numbers.completeRelease(project, phoneNumber, expireAt), true);
        assert.equal(await store.numbers.completeRelease(project, phoneNumber, expireAt), false);
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
