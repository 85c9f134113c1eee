// Store conformance: numbers, on every adapter (see harness.ts).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  type ActiveNumberRecord,
  applyConfiguration,
  releaseNumber,
} from '../../src/domain/numbers/activeNumber.js';
import { masksIncluding } from '../../src/domain/numbers/capabilities.js';
import { matchesPattern, type NumberPattern } from '../../src/domain/numbers/patterns.js';
import { ApiError } from '../../src/errors.js';
import { JOB_KINDS } from '../../src/jobs/job.js';
import { postgresDialect } from '../../src/store/postgres/dialect.js';
import { sqliteDialect } from '../../src/store/sqlite/dialect.js';
import type { AvailableSearch, Store } from '../../src/store/types.js';
import {
  builder,
  byteOrder,
  context,
  INVENTORY,
  oracle,
  PROJECT,
  pick,
  storeSuite,
  T0,
  usLocal,
} from './harness.js';

storeSuite('numbers', {}, (ctx) => {
  let store: Store;
  let other: Store;
  const { taken, free, rent } = ctx;
  before(() => {
    ({ store, other } = ctx);
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
    const jobs = await store.jobs.list({ kind: JOB_KINDS.provisioningStep });
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

  test('rent and rentAny started together: a builder that throws and a lost race fail alone, the others commit', async () => {
    const a = free('US', 'LOCAL', 0);
    const b = free('US', 'LOCAL', 1);
    const c = free('US', 'LOCAL', 2);
    // rentAny narrowed to one number, so the outcome does not depend on the order claims run in.
    const d = free('US', 'LOCAL', 3);
    const invalid = new Error('builder failed');
    // Started in one event-loop turn: on SQLite they share one group commit (db/sqlite.ts).
    const settled = await Promise.allSettled([
      store.numbers.rent(a.e164, builder(PROJECT)),
      store.numbers.rent(b.e164, () => {
        throw invalid;
      }),
      store.numbers.rent(a.e164, builder('p-late')),
      store.numbers.rent(c.e164, builder(PROJECT)),
      store.numbers.rentAny(
        { regionCode: 'US', numberType: 'LOCAL', pattern: { pattern: d.e164, searchPattern: 'END' } },
        builder('p-any'),
      ),
    ]);
    const [first, failed, late, third, any] = settled;
    for (const n of [a.e164, c.e164, d.e164]) taken.add(n);
    // The two claims of a race: on PostgreSQL either may commit first. One gets it, the other
    // finds it gone.
    const claims = [first, late].map((r) => (r.status === 'fulfilled' ? r.value : r.reason));
    const owner = claims[0] ? PROJECT : 'p-late';
    assert.deepEqual(
      claims.map((c) => c?.phoneNumber),
      owner === PROJECT ? [a.e164, undefined] : [undefined, a.e164],
      'one claim of a wins the race, the other gets nothing',
    );
    assert.ok(failed.status === 'rejected' && failed.reason === invalid, 'the error passes unchanged');
    assert.equal(third.status === 'fulfilled' && third.value?.phoneNumber, c.e164);
    assert.equal(any.status === 'fulfilled' && any.value?.phoneNumber, d.e164);
    assert.ok(await store.inventory.getAvailable(b.e164), 'b stays available: its rollback was its own');
    assert.equal(await store.numbers.getActive(PROJECT, b.e164), undefined);
    assert.equal((await other.numbers.getActive(owner, a.e164))?.phoneNumber, a.e164);
    assert.equal((await other.numbers.getActive(PROJECT, c.e164))?.phoneNumber, c.e164);
    assert.equal((await other.numbers.getActive('p-any', d.e164))?.phoneNumber, d.e164);
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
      Array.from({ length: 50 }, (_, i) => (i % 2 ? store : other).numbers.rentAny(search, builder('p-any'))),
    );
    const numbers = results.map((r) => r?.phoneNumber);
    assert.ok(numbers.every((n) => n !== undefined));
    assert.equal(new Set(numbers).size, 50);
    for (const n of numbers) taken.add(n!);
    assert.equal(await store.inventory.countAvailable(), before - 50);
    for (const n of numbers) assert.equal(await store.inventory.getAvailable(n!), undefined);
  });

  test('a CONTAINS search and a CONTAINS rentAny at once, on a pair not searched yet: both end', async () => {
    // The search starts loading the pair's in-memory copy outside any transaction; the rental
    // needs it inside its own. Sharing that load would wait for the transaction to end, forever.
    const [n] = oracle({ regionCode: 'SE', numberType: 'MOBILE', limit: 1 }, taken);
    const pattern = { pattern: n!.slice(3, 7), searchPattern: 'CONTAINS' as const };
    const search = { regionCode: 'SE', numberType: 'MOBILE' as const, pattern };
    const [found, rented] = await Promise.all([
      other.inventory.searchAvailable({ ...search, limit: 5 }),
      other.numbers.rentAny(search, builder(PROJECT)),
    ]);
    assert.ok(rented);
    taken.add(rented.phoneNumber);
    // Whether the search read before or after the rental committed, it found only matches.
    assert.ok(found.every((r) => r.e164.includes(pattern.pattern) && r.regionCode === 'SE'));
    assert.deepEqual(
      (await other.inventory.searchAvailable({ ...search, limit: 5 })).map((r) => r.e164),
      oracle({ ...search, limit: 5 }, taken),
    );
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

  test('a search answers with what any process committed before it: a rent, a rolled-back rent, a release', async () => {
    const pair = { regionCode: 'GB', numberType: 'LOCAL' as const };
    const x = free('GB', 'LOCAL', 0);
    const y = free('GB', 'LOCAL', 1);
    const searches: AvailableSearch[] = [
      { ...pair, limit: 1000 },
      { ...pair, limit: 5, pattern: { pattern: x.e164.slice(0, 6), searchPattern: 'START' } },
      { ...pair, limit: 5, pattern: { pattern: x.e164, searchPattern: 'END' } },
      { ...pair, limit: 5, pattern: { pattern: x.e164.slice(-5), searchPattern: 'CONTAINS' } },
      { ...pair, limit: 5, pattern: { pattern: x.e164.slice(-4), searchPattern: 'END' } },
    ];
    const agree = async (who: Store, label: string) => {
      for (const search of searches)
        assert.deepEqual(
          (await who.inventory.searchAvailable(search)).map((r) => r.e164),
          oracle(search, taken),
          `${label}: ${JSON.stringify(search.pattern ?? 'no pattern')}`,
        );
    };
    // Both processes have searched the pair: each holds it in memory where the store does.
    await agree(store, 'before');
    await agree(other, 'before, the other process');
    assert.ok(await other.numbers.rent(x.e164, builder(PROJECT)));
    taken.add(x.e164);
    await assert.rejects(
      other.numbers.rent(y.e164, () => {
        throw new Error('builder failed');
      }),
      /builder failed/,
    );
    await agree(store, 'after the other process rented one and rolled one back');
    await agree(other, 'after, in the process that rented');

    const released = await other.numbers.updateActive(PROJECT, x.e164, (current) =>
      releaseNumber(current, T0 + 1000),
    );
    assert.ok(released?.expireAt);
    await agree(store, 'released, not yet back');
    assert.ok(await other.numbers.completeRelease(PROJECT, x.e164, released.expireAt, () => []));
    taken.delete(x.e164);
    await agree(store, 'back in the inventory');
    assert.ok(
      (await store.inventory.searchAvailable(searches[2]!)).some((r) => r.e164 === x.e164),
      'the released number is offered again',
    );
  });

  test('get and list in one process answer what another wrote last: rent, change, release, removal', async () => {
    const P = 'project-follows';
    const [a, b] = [usLocal[150]!, usLocal[151]!].sort((x, y) => byteOrder(x.e164, y.e164));
    const page = async () =>
      (
        await store.numbers.listActive({ projectId: P, orderBy: 'phoneNumber', limit: 10, now: T0 })
      ).records.map((r) => `${r.phoneNumber}:${r.displayName}`);
    const nameOf = async (e164: string) => (await store.numbers.getActive(P, e164))?.displayName;
    assert.ok(await other.numbers.rent(a.e164, builder(P, { displayName: 'one' })));
    taken.add(a.e164);
    // Read (where the store keeps what it read: kept) before each change of the other process.
    assert.equal(await nameOf(a.e164), 'one');
    assert.deepEqual(await page(), [`${a.e164}:one`]);
    await other.numbers.updateActive(P, a.e164, (current) =>
      applyConfiguration(current, { displayName: 'two' }, context()),
    );
    assert.equal(await nameOf(a.e164), 'two');
    assert.deepEqual(await page(), [`${a.e164}:two`]);
    assert.ok(await other.numbers.rent(b.e164, builder(P, { displayName: 'three' })));
    taken.add(b.e164);
    assert.deepEqual(await page(), [`${a.e164}:two`, `${b.e164}:three`]);

    const released = await other.numbers.updateActive(P, a.e164, (current) =>
      releaseNumber(current, T0 + 1000),
    );
    assert.ok(released?.expireAt);
    assert.equal((await store.numbers.getActive(P, a.e164))?.expireAt, released.expireAt);
    assert.ok(await other.numbers.completeRelease(P, a.e164, released.expireAt, () => []));
    taken.delete(a.e164);
    assert.equal(await store.numbers.getActive(P, a.e164), undefined);
    assert.deepEqual(await page(), [`${b.e164}:three`]);
    // Rented again, by another project: not P's.
    assert.ok(await other.numbers.rent(a.e164, builder('project-follows-2', { displayName: 'four' })));
    taken.add(a.e164);
    assert.equal(await store.numbers.getActive(P, a.e164), undefined);
    assert.equal(await nameOf(b.e164), 'three');
    assert.equal((await store.numbers.getActive('project-follows-2', a.e164))?.displayName, 'four');
  });

  test('a JSON list of numbers selects their rows, in one statement whatever their count (dialect)', async () => {
    const dialect = store.dialect === 'sqlite' ? sqliteDialect : postgresDialect;
    const listed = [usLocal[160]!.e164, usLocal[161]!.e164, '+10000000000'];
    const rows = (await ctx.sql(`SELECT e164 FROM phone_numbers WHERE ${dialect.textInJson('e164', '$1')}`, [
      JSON.stringify(listed),
    ])) as { e164: string }[];
    assert.deepEqual(rows.map((r) => r.e164).sort(byteOrder), listed.slice(0, 2).sort(byteOrder));
  });

  test('a product read in one process follows a price and a KYC policy set in another', async () => {
    const first = await store.inventory.getProduct('FR', 'MOBILE');
    assert.ok(first);
    await other.inventory.setPrice(
      'FR',
      'MOBILE',
      { currencyCode: 'EUR', setupPrice: '3.00', monthlyPrice: '4.00' },
      T0,
      () => [],
    );
    assert.deepEqual(await store.inventory.getProduct('FR', 'MOBILE'), {
      ...first,
      currencyCode: 'EUR',
      setupPrice: '3.00',
      monthlyPrice: '4.00',
    });
    assert.equal(first.supportingDocumentationRequired, false);
    await other.policies.putNewVersion('FR', 'MOBILE', { note: 'documents needed' }, T0);
    assert.equal((await store.inventory.getProduct('FR', 'MOBILE'))?.supportingDocumentationRequired, true);
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
      const jobs = await store.jobs.list({ kind: JOB_KINDS.provisioningStep, status: 'pending' });
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
      const jobs = await store.jobs.list({ kind: JOB_KINDS.releaseCompletion });
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
      assert.equal(await store.numbers.completeRelease('someone-else', phoneNumber, expireAt, never), false);
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
});
