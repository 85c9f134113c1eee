// Store conformance: emergency addresses, on every adapter (see harness.ts).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ApiError } from '../../src/errors.js';
import type { Store } from '../../src/store/types.js';
import { ADDRESS, storeSuite, T0 } from './harness.js';

storeSuite('emergency addresses', {}, (ctx) => {
  let store: Store;
  let other: Store;
  const { free, rent } = ctx;
  before(() => {
    ({ store, other } = ctx);
  });

  describe('emergency addresses', () => {
    const project = 'p-e911';
    // An address belongs to an active number (a foreign key): the number is rented first.
    let n: string;
    before(async () => {
      n = free('US', 'LOCAL').e164;
      assert.ok(await rent(n, project));
    });

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

    test('a number that is not active has no address: put is the not-found error', async () => {
      await assert.rejects(
        store.emergency.put(project, '+15557770002', { displayName: 'X', address: ADDRESS, updatedAt: T0 }),
        (e) => e instanceof ApiError && e.httpStatus === 404,
      );
      assert.equal(await store.emergency.get(project, '+15557770002'), undefined);
    });
  });
});
