// Store conformance: the inventory loaded lazily, by calling-code group (store/inventory/groups.ts),
// on every adapter (see harness.ts). Two stores on one database are two processes.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  type InventoryNumber,
  type InventoryPlan,
  inventoryPlan,
  sortedInventory,
} from '../../src/domain/inventory/generate.js';
import { matchesPattern } from '../../src/domain/numbers/patterns.js';
import type { AvailableSearch, Store } from '../../src/store/types.js';
import { builder, byteOrder, PRODUCTS, storeSuite } from './harness.js';

const SIZE = { perType: 3, usLocal: 300 };
const EXTRA: InventoryNumber[] = [
  { e164: '+12017654321', regionCode: 'US', numberType: 'LOCAL', capabilities: 3 },
];
const ALL = [...sortedInventory(SIZE, EXTRA)];

/** The plan, counting how often each group's numbers are generated, over every store given it. */
function countingPlan(generated: Map<string, number>): InventoryPlan {
  const plan = inventoryPlan(SIZE, EXTRA);
  return {
    ...plan,
    numbers(code) {
      generated.set(code, (generated.get(code) ?? 0) + 1);
      return plan.numbers(code);
    },
  };
}

/** What a search must return: the plan's numbers, less the rented ones, in e164 order. */
function expected(search: AvailableSearch, taken: Set<string>): string[] {
  return ALL.filter(
    (n) =>
      !taken.has(n.e164) &&
      n.regionCode === search.regionCode &&
      n.numberType === search.numberType &&
      (!search.pattern || matchesPattern(n.e164, search.pattern)),
  )
    .map((n) => n.e164)
    .sort(byteOrder)
    .slice(0, search.limit);
}

storeSuite('inventory groups (lazy load)', { seed: false }, (ctx) => {
  let store: Store;
  let other: Store;
  const generated = new Map<string, number>();
  const taken = new Set<string>();
  before(async () => {
    ({ store, other } = ctx);
    store.inventory.setSource(countingPlan(generated));
    other.inventory.setSource(countingPlan(generated));
  });

  const countIn = async (prefix: string) => {
    const rows = (await ctx.sql(
      `SELECT count(*) AS n FROM phone_numbers WHERE e164 LIKE '${prefix}%'`,
    )) as Array<{ n: number | string }>;
    return Number(rows[0]!.n);
  };

  test('the products are written once, by one of two processes; no number yet', async () => {
    const written = await Promise.all([
      store.inventory.seedProducts(PRODUCTS),
      other.inventory.seedProducts(PRODUCTS),
    ]);
    assert.deepEqual(written.sort(), [false, true]);
    assert.equal(await store.inventory.isSeeded(), true);
    assert.equal(await store.inventory.isFullyLoaded(), false);
    assert.equal((await store.inventory.listProducts()).length, PRODUCTS.length);
    assert.equal(await store.inventory.countAvailable(), 0);
  });

  test('two processes searching a group not loaded yet load it once and both answer as a loaded store', async () => {
    const search: AvailableSearch = {
      regionCode: 'GB',
      numberType: 'MOBILE',
      pattern: { pattern: '+447', searchPattern: 'START' },
      limit: 10,
    };
    const [a, b] = await Promise.all([
      store.inventory.searchAvailable(search),
      other.inventory.searchAvailable(search),
    ]);
    assert.ok(expected(search, taken).length > 0);
    assert.deepEqual(
      a.map((r) => r.e164),
      expected(search, taken),
    );
    assert.deepEqual(
      b.map((r) => r.e164),
      expected(search, taken),
    );
    assert.equal(generated.get('44'), 1, 'generated and written by one process');
    assert.equal(await countIn('+44'), ALL.filter((n) => n.e164.startsWith('+44')).length);
    assert.equal(await countIn('+33'), 0, 'other groups wait');
    const [gb] = await store.inventory.summary({ regionCode: 'GB', numberType: 'MOBILE' });
    assert.equal(gb!.available, ALL.filter((n) => n.regionCode === 'GB' && n.numberType === 'MOBILE').length);
  });

  test('renting a number of a group not loaded yet loads its group first', async () => {
    const number = ALL.find((n) => n.regionCode === 'DE' && n.numberType === 'LOCAL')!;
    const record = await other.numbers.rent(number.e164, builder('project-groups'));
    assert.equal(record?.phoneNumber, number.e164);
    taken.add(number.e164);
    assert.equal(generated.get('49'), 1);
    // rentAny in another group: the first available number, as in a loaded store.
    const search = { regionCode: 'FR', numberType: 'MOBILE' as const, limit: 1 };
    const first = expected(search, taken)[0];
    const any = await store.numbers.rentAny(search, builder('project-groups'));
    assert.equal(any?.phoneNumber, first);
    taken.add(first!);
  });

  test('a group whose loader died (a stale claim) is taken over; a live claim is waited for', async () => {
    await ctx.sql('INSERT INTO inventory_groups (calling_code, claimed_by, claimed_at) VALUES ($1, $2, $3)', [
      '34',
      'a-dead-process',
      Date.now() - 10 * 60_000,
    ]);
    assert.ok(await store.inventory.getAvailable(ALL.find((n) => n.regionCode === 'ES')!.e164));
    assert.equal(generated.get('34'), 1);

    // Another process is loading +39 right now (its claim is fresh): wait until it says loaded.
    await ctx.sql('INSERT INTO inventory_groups (calling_code, claimed_by, claimed_at) VALUES ($1, $2, $3)', [
      '39',
      'a-live-process',
      Date.now(),
    ]);
    let done = false;
    const search = store.inventory
      .searchAvailable({ regionCode: 'IT', numberType: 'MOBILE', limit: 5 })
      .then((rows) => {
        done = true;
        return rows;
      });
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(done, false, 'waits for the other process');
    await ctx.sql('UPDATE inventory_groups SET loaded_at = $1 WHERE calling_code = $2', [Date.now(), '39']);
    assert.deepEqual(await search, [], 'that process wrote nothing here, and this one generated nothing');
    assert.equal(generated.get('39'), undefined);
    await ctx.sql('DELETE FROM inventory_groups WHERE calling_code = $1', ['39']);
  });

  test('two background loaders load every group once; the totals and the markers agree', async () => {
    const [a, b] = await Promise.all([store.inventory.loadAll(), other.inventory.loadAll()]);
    assert.ok(a > 0 && b > 0, 'both took part');
    for (const [code, times] of generated) assert.equal(times, 1, `group ${code} generated once`);
    assert.equal(await store.inventory.isFullyLoaded(), true);
    assert.equal(await other.inventory.isFullyLoaded(), true);
    assert.equal(await store.inventory.countAvailable(), ALL.length - taken.size);
    const summary = await store.inventory.summary({});
    const perPair = new Map<string, number>();
    for (const n of ALL)
      perPair.set(
        `${n.regionCode}/${n.numberType}`,
        (perPair.get(`${n.regionCode}/${n.numberType}`) ?? 0) + 1,
      );
    assert.deepEqual(
      new Map(summary.map((c) => [`${c.regionCode}/${c.numberType}`, c.available + c.reserved + c.active])),
      perPair,
    );
    const rows = (await ctx.sql(
      'SELECT e164, region_code, number_type, capabilities FROM phone_numbers',
    )) as Array<{
      e164: string;
      region_code: string;
      number_type: string;
      capabilities: number;
    }>;
    assert.deepEqual(
      rows
        .map((r) => ({
          e164: r.e164,
          regionCode: r.region_code,
          numberType: r.number_type,
          capabilities: Number(r.capabilities),
        }))
        .sort((x, y) => byteOrder(x.e164, y.e164)),
      [...ALL].sort((x, y) => byteOrder(x.e164, y.e164)),
      'the same inventory as a bulk load, whatever order the groups came in',
    );
    assert.equal(await store.inventory.loadAll(), 0, 'nothing left');
  });
});
