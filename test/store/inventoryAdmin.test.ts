// Store conformance: the operator's inventory functions (counts, imports, prices), on every
// adapter (see harness.ts).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { auditEntry } from '../../src/domain/admin/audit.js';
import type { InventoryNumber } from '../../src/domain/inventory/generate.js';
import { productFor } from '../../src/domain/inventory/products.js';
import type { Store } from '../../src/store/types.js';
import { INVENTORY, storeSuite, T0 } from './harness.js';

const fresh = (from: number, count: number): InventoryNumber[] =>
  Array.from({ length: count }, (_, i) => ({
    e164: `+1212736${String(from + i).padStart(4, '0')}`,
    regionCode: 'US',
    numberType: 'LOCAL',
    capabilities: 3,
  }));

storeSuite('inventory admin', {}, (ctx) => {
  let store: Store;
  let other: Store;
  before(() => {
    ({ store, other } = ctx);
  });

  test('summary: the seed counts every pair it loaded; rented numbers are active', async () => {
    const expected = new Map<string, number>();
    for (const n of INVENTORY)
      expected.set(
        `${n.regionCode}/${n.numberType}`,
        (expected.get(`${n.regionCode}/${n.numberType}`) ?? 0) + 1,
      );
    const counted = await store.inventory.summary({});
    assert.deepEqual(
      new Map(counted.map((c) => [`${c.regionCode}/${c.numberType}`, c.available + c.reserved + c.active])),
      expected,
    );
    const before = (await store.inventory.summary({ regionCode: 'GB', numberType: 'MOBILE' }))[0]!;
    assert.ok(await ctx.rent(ctx.free('GB', 'MOBILE').e164));
    assert.deepEqual((await store.inventory.summary({ regionCode: 'GB', numberType: 'MOBILE' }))[0], {
      ...before,
      available: before.available - 1,
      active: before.active + 1,
    });
  });

  test('two processes importing overlapping files at once: one imports all of its numbers, the other none', async () => {
    const before = (await store.inventory.summary({ regionCode: 'US', numberType: 'LOCAL' }))[0]!;
    const batch = (numbers: InventoryNumber[], actor: string) => ({
      numbers,
      products: [productFor('US', 'LOCAL')],
      audit: [auditEntry(T0, actor, { action: 'IMPORT', resourceType: 'Inventory', resourceId: actor })],
    });
    const [a, b] = await Promise.all([
      store.inventory.importNumbers(batch(fresh(0, 300), 'a')),
      other.inventory.importNumbers(batch(fresh(200, 300), 'b')),
    ]);
    const results = [a, b];
    const won = results.filter((r) => 'imported' in r);
    const lost = results.filter((r) => 'conflicts' in r);
    assert.equal(won.length, 1, JSON.stringify(results).slice(0, 300));
    assert.equal(lost.length, 1);
    const conflicts = (lost[0] as { conflicts: Map<string, string> }).conflicts;
    assert.deepEqual([...new Set(conflicts.values())], ['inventory']);
    assert.equal(conflicts.size, 100, 'the numbers both files hold');
    const after = (await store.inventory.summary({ regionCode: 'US', numberType: 'LOCAL' }))[0]!;
    assert.equal(after.available, before.available + 300);
    const audit = await store.audit.list({ resourceType: 'Inventory', limit: 10 });
    assert.equal(audit.length, 1, 'the losing import wrote nothing');
  });

  test('an import is found by the next CONTAINS search, in this process and in another', async () => {
    const search = {
      regionCode: 'US',
      numberType: 'LOCAL' as const,
      pattern: { pattern: '2127369', searchPattern: 'CONTAINS' as const },
      limit: 50,
    };
    // Both processes have searched the pair before the import (their in-memory copies are loaded).
    assert.deepEqual(await store.inventory.searchAvailable(search), []);
    assert.deepEqual(await other.inventory.searchAvailable(search), []);
    const numbers = fresh(9000, 20);
    const imported = await store.inventory.importNumbers({
      numbers,
      products: [productFor('US', 'LOCAL')],
      audit: [auditEntry(T0, 'c', { action: 'IMPORT', resourceType: 'Inventory', resourceId: 'c' })],
    });
    assert.deepEqual(imported, { imported: 20 });
    const expected = numbers.map((n) => n.e164);
    assert.deepEqual(
      (await store.inventory.searchAvailable(search)).map((r) => r.e164),
      expected,
    );
    assert.deepEqual(
      (await other.inventory.searchAvailable(search)).map((r) => r.e164),
      expected,
    );
    // And a number rented a moment ago is no longer offered, by either.
    assert.ok(await ctx.rent(expected[0]!));
    assert.deepEqual(
      (await other.inventory.searchAvailable(search)).map((r) => r.e164),
      expected.slice(1),
    );
  });

  test('setPrice: the product changes with its audit entry; an unknown pair is undefined', async () => {
    const set = await store.inventory.setPrice(
      'GB',
      'MOBILE',
      { currencyCode: 'EUR', setupPrice: '1.00', monthlyPrice: '2.00' },
      T0,
      (before) => [
        auditEntry(T0, 'p', {
          action: 'SET',
          resourceType: 'Price',
          resourceId: 'GB/MOBILE',
          details: { was: before.monthlyPrice },
        }),
      ],
    );
    assert.equal(set?.priceSetAt, T0);
    assert.deepEqual(await store.inventory.getProduct('GB', 'MOBILE'), {
      ...productFor('GB', 'MOBILE'),
      currencyCode: 'EUR',
      setupPrice: '1.00',
      monthlyPrice: '2.00',
    });
    const [entry] = await store.audit.list({ resourceType: 'Price', limit: 1 });
    assert.deepEqual(entry?.details, { was: productFor('GB', 'MOBILE').monthlyPrice });
    assert.equal(
      await store.inventory.setPrice(
        'ZZ',
        'LOCAL',
        { currencyCode: 'EUR', setupPrice: '1', monthlyPrice: '1' },
        T0,
        () => [],
      ),
      undefined,
    );
  });
});
