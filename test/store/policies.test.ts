// Store conformance: KYC policies, on every adapter (see harness.ts).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { NumberType } from '../../src/domain/inventory/products.js';
import type { Store } from '../../src/store/types.js';
import { storeSuite, T0 } from './harness.js';

storeSuite('KYC policies', {}, (ctx) => {
  let store: Store;
  let other: Store;
  before(() => {
    ({ store, other } = ctx);
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
