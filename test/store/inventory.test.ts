// Store conformance: inventory, on every adapter (see harness.ts).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { productFor } from '../../src/domain/inventory/products.js';
import { masksIncluding } from '../../src/domain/numbers/capabilities.js';
import type { AvailableSearch, Store } from '../../src/store/types.js';
import { byteOrder, INVENTORY, oracle, PRODUCTS, pat, pick, storeSuite, usLocal } from './harness.js';

storeSuite('inventory', { seed: false }, (ctx) => {
  let store: Store;
  let other: Store;
  const { taken } = ctx;
  before(() => {
    ({ store, other } = ctx);
  });

  test('seed: two processes at once load the inventory exactly once; again is a no-op', async () => {
    assert.equal(await store.inventory.isSeeded(), false);
    await Promise.all([store.inventory.seed(PRODUCTS, INVENTORY), other.inventory.seed(PRODUCTS, INVENTORY)]);
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
        oracle({ ...pat('US', 'LOCAL', sample.slice(5, 9), 'CONTAINS'), limit: 100 }, new Set()).length >= 1,
      );
      assert.equal(oracle({ ...pat('US', 'LOCAL', sample, 'END'), limit: 100 }, new Set()).length, 1);
    });
  });
});
