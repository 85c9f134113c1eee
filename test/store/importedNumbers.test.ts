// Store conformance: imported numbers, on every adapter (see harness.ts).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { newImportedEvent } from '../../src/domain/callbacks/events.js';
import {
  type ImportedNumberRecord,
  newImportedNumber,
  updateImportedNumber,
} from '../../src/domain/imported/importedNumber.js';
import type { Store } from '../../src/store/types.js';
import { PROJECT, storeSuite, T0 } from './harness.js';

const US = ['+12025550134', '+12065550100', '+12125551234', '+13125550199'];
const CA = '+14165550123';

function imported(
  phoneNumber: string,
  at: number,
  extra: Partial<ImportedNumberRecord> = {},
  projectId = PROJECT,
) {
  const record = newImportedNumber(
    projectId,
    {
      phoneNumber,
      regionCode: phoneNumber === CA ? 'CA' : 'US',
      smsConfiguration: { servicePlanId: 'plan-1' },
    },
    at,
  );
  return { ...record, ...extra };
}

/** Creates without jobs or events (the tests at the end cover those). */
const create = (s: Store, record: ImportedNumberRecord) => s.importedNumbers.create({ record });

storeSuite('imported numbers', {}, (ctx) => {
  let store: Store;
  let other: Store;
  before(() => {
    ({ store, other } = ctx);
  });

  test('create, get (per project), and the conflicts', async () => {
    const first = imported(US[0]!, T0);
    assert.deepEqual(await create(store, first), first);
    assert.deepEqual(await other.importedNumbers.get(PROJECT, US[0]!), first);
    assert.equal(await store.importedNumbers.get('project-other', US[0]!), undefined);
    // Imported already: by this project or another.
    assert.equal(await create(store, imported(US[0]!, T0 + 1)), 'imported');
    assert.equal(await create(store, imported(US[0]!, T0 + 1, {}, 'project-other')), 'imported');
    // A number of the inventory, available or rented, is never importable.
    const available = ctx.free('US', 'LOCAL');
    assert.equal(await create(store, imported(available.e164, T0)), 'inventory');
    const rented = await ctx.rent(ctx.free('US', 'LOCAL').e164);
    assert.ok(rented);
    assert.equal(await create(store, imported(rented.phoneNumber, T0)), 'inventory');
  });

  test('two processes importing one number at once: one wins', async () => {
    const results = await Promise.all([
      create(store, imported(US[1]!, T0 + 2)),
      create(other, imported(US[1]!, T0 + 2, {}, 'project-other')),
    ]);
    assert.equal(results.filter((r) => r === 'imported').length, 1, JSON.stringify(results));
  });

  test('list: filters, order, keyset pages, totalSize', async () => {
    await create(store, imported(US[2]!, T0 + 3, { servicePlanId: 'plan-2', campaignId: 'C2' }));
    await create(store, imported(CA, T0 + 4));
    await create(store, imported(US[3]!, T0 + 1));
    const query = { projectId: PROJECT, orderBy: 'phoneNumber' as const, limit: 10 };
    const all = await other.importedNumbers.list(query);
    const mine = (
      await Promise.all(
        [US[0]!, US[1]!, US[2]!, US[3]!, CA].map((n) => store.importedNumbers.get(PROJECT, n)),
      )
    )
      .filter(Boolean)
      .map((r) => r!.phoneNumber);
    assert.deepEqual(
      all.records.map((r) => r.phoneNumber),
      [...mine].sort(),
    );
    assert.equal(all.totalSize, mine.length);
    assert.equal((await store.importedNumbers.list({ ...query, regionCode: 'CA' })).totalSize, 1);
    assert.deepEqual(
      (await store.importedNumbers.list({ ...query, servicePlanId: 'plan-2', campaignId: 'C2' })).records.map(
        (r) => r.phoneNumber,
      ),
      [US[2]],
    );
    const pattern = await store.importedNumbers.list({
      ...query,
      pattern: { pattern: '+1416', searchPattern: 'START' },
    });
    assert.deepEqual(
      pattern.records.map((r) => r.phoneNumber),
      [CA],
    );
    // By creation time, two per page, after the cursor of the last row.
    const byCreated = { ...query, orderBy: 'createdTime' as const, limit: 2 };
    const seen: string[] = [];
    let after: { at: number; phoneNumber: string } | undefined;
    for (;;) {
      const page = await store.importedNumbers.list({ ...byCreated, after });
      assert.equal(page.totalSize, mine.length);
      seen.push(...page.records.map((r) => r.phoneNumber));
      const last = page.records.at(-1);
      if (page.records.length < 2 || !last) break;
      after = { at: last.createdAt, phoneNumber: last.phoneNumber };
    }
    const expected = (await store.importedNumbers.list({ ...query, limit: 100 })).records
      .sort((a, b) => a.createdAt - b.createdAt || (a.phoneNumber < b.phoneNumber ? -1 : 1))
      .map((r) => r.phoneNumber);
    assert.deepEqual(seen, expected);
  });

  test('update in a transaction; null keeps the record; unknown number → undefined', async () => {
    const before = (await store.importedNumbers.get(PROJECT, US[3]!))!;
    assert.deepEqual(await store.importedNumbers.update(PROJECT, US[3]!, () => null), before);
    const updated = await store.importedNumbers.update(PROJECT, US[3]!, (current) => {
      const record = updateImportedNumber(
        current,
        { displayName: 'Renamed', smsConfiguration: { servicePlanId: '' } },
        T0 + 9,
      );
      return record && { record };
    });
    assert.equal(updated?.displayName, 'Renamed');
    assert.equal(updated?.servicePlanId, '');
    assert.deepEqual(await other.importedNumbers.get(PROJECT, US[3]!), updated);
    assert.equal(
      (
        await store.importedNumbers.list({ projectId: PROJECT, orderBy: 'updatedTime', limit: 10 })
      ).records.at(-1)?.phoneNumber,
      US[3],
    );
    assert.equal(await store.importedNumbers.update('project-other', US[3]!, () => null), undefined);
    assert.equal(await store.importedNumbers.update(PROJECT, '+19999999999', () => null), undefined);
  });

  test('delete: only the owning project; then the number can be imported again', async () => {
    assert.equal(await store.importedNumbers.delete('project-other', US[3]!), false);
    assert.equal(await store.importedNumbers.delete(PROJECT, US[3]!), true);
    assert.equal(await other.importedNumbers.delete(PROJECT, US[3]!), false);
    assert.equal(await store.importedNumbers.get(PROJECT, US[3]!), undefined);
    const again = imported(US[3]!, T0 + 20);
    assert.deepEqual(await create(store, again), again);
  });

  test('jobs and callback events are written with the change that causes them', async () => {
    const number = '+12025550177';
    const job = (n: number) => ({ kind: 'test.imported', payload: { n }, runAt: T0 + 100 + n });
    const event = (eventId: string, eventType: 'LINK_TO_10DLC_CAMPAIGN' | 'DELETE') =>
      newImportedEvent(
        {
          eventId,
          projectId: PROJECT,
          resourceId: number,
          resourceType: 'IMPORTED_NUMBER',
          eventType,
          status: 'SUCCEEDED',
        },
        'https://receiver.example/imported',
        T0 + 30,
      );
    const record = imported(number, T0 + 30);
    await store.importedNumbers.create({
      record,
      jobs: [job(1)],
      events: [event('evt-imported-1', 'LINK_TO_10DLC_CAMPAIGN')],
    });
    await store.importedNumbers.update(PROJECT, number, (current) => ({
      record: { ...current, displayName: 'x' },
      jobs: [job(2)],
    }));
    // A refused change writes nothing.
    await assert.rejects(
      store.importedNumbers.update(PROJECT, number, () => {
        throw new Error('refused');
      }),
    );
    assert.equal(
      await store.importedNumbers.delete(PROJECT, number, (removed) => {
        assert.equal(removed.displayName, 'x');
        return [event('evt-imported-2', 'DELETE')];
      }),
      true,
    );
    const events = await other.callbacks.listEvents({ projectId: PROJECT, resourceId: number, limit: 10 });
    assert.deepEqual(events.map((e) => e.eventType).sort(), ['DELETE', 'LINK_TO_10DLC_CAMPAIGN']);
    assert.equal(events[0]?.resourceType, 'IMPORTED_NUMBER');
    const jobs = await other.jobs.list({ kind: 'test.imported', status: 'pending' });
    assert.deepEqual(jobs.map((j) => j.payload.n).sort(), [1, 2]);
  });
});
