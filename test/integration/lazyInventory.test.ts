import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE, call } from '../helpers/api.js';
import { startTestApp, type TestApp } from '../helpers/testApp.js';

/**
 * A fresh store serves before its numbers are loaded (docs/decisions.md, "The inventory loads
 * lazily"): the first request for a group loads it, and every answer is the one a fully loaded
 * store gives. Two apps on two fresh stores of the same configuration: `lazy` never runs the
 * background load, `loaded` ran it to the end before any request.
 */
let lazy: TestApp;
let loaded: TestApp;
before(async () => {
  [lazy, loaded] = await Promise.all([startTestApp(), startTestApp()]);
  await loaded.runtime.loadInventory();
});
after(async () => {
  await lazy?.close();
  await loaded?.close();
});

test('a fresh store answers /healthz with nothing loaded yet', async () => {
  assert.equal(await lazy.runtime.store.inventory.isFullyLoaded(), false);
  assert.equal(await lazy.runtime.store.inventory.countAvailable(), 0);
  const res = await lazy.app.inject({ method: 'GET', url: '/healthz' });
  assert.equal(res.statusCode, 200);
  assert.equal(await loaded.runtime.store.inventory.isFullyLoaded(), true);
});

test('searches in groups not loaded yet answer as the loaded store does', async () => {
  for (const query of [
    'regionCode=US&type=LOCAL&size=10',
    'regionCode=US&type=LOCAL&numberPattern.pattern=%2B1201&numberPattern.searchPattern=START',
    'regionCode=CA&type=LOCAL&numberPattern.pattern=55&numberPattern.searchPattern=CONTAINS&size=20',
    'regionCode=GB&type=MOBILE&numberPattern.pattern=7&numberPattern.searchPattern=END',
    'regionCode=DE&type=LOCAL&numberPattern.pattern=1234&numberPattern.searchPattern=CONTAINS',
    'regionCode=AU&type=MOBILE&capabilities=SMS',
  ]) {
    const url = `${BASE}/availableNumbers?${query}`;
    const [a, b] = [await call(lazy, { method: 'GET', url }), await call(loaded, { method: 'GET', url })];
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.deepEqual(a.body, b.body, query);
  }
  assert.ok((await lazy.runtime.store.inventory.countAvailable()) > 0);
  assert.equal(await lazy.runtime.store.inventory.isFullyLoaded(), false, 'only those groups');
});

test('rentAny, rent and get in groups not loaded yet take what the loaded store takes', async () => {
  // rentAny is US LOCAL only: the first request for +1 on the lazy store.
  const rentAny = (t: TestApp) =>
    call(t, {
      method: 'POST',
      url: `${BASE}/availableNumbers:rentAny`,
      body: { regionCode: 'US', type: 'LOCAL' },
    });
  const [a, b] = [await rentAny(lazy), await rentAny(loaded)];
  assert.equal(a.status, 200, JSON.stringify(a.body));
  assert.equal(a.body.phoneNumber, b.body.phoneNumber);
  const rent = (t: TestApp, number: string) =>
    call(t, { method: 'POST', url: `${BASE}/availableNumbers/${number}:rent`, body: {} });
  // The documented number, an extra of the +1 group.
  assert.equal((await rent(lazy, '+12017654321')).status, 200);
  const get = (t: TestApp, number: string) =>
    call(t, { method: 'GET', url: `${BASE}/availableNumbers/${number}` });
  const search = await call(loaded, {
    method: 'GET',
    url: `${BASE}/availableNumbers?regionCode=JP&type=LOCAL&size=1`,
  });
  const japanese = search.body.availableNumbers[0].phoneNumber;
  const [c, d] = [await get(lazy, japanese), await get(loaded, japanese)];
  assert.equal(c.status, 200);
  assert.deepEqual(c.body, d.body);
  const mexican = (
    await call(loaded, { method: 'GET', url: `${BASE}/availableNumbers?regionCode=FR&type=MOBILE&size=1` })
  ).body.availableNumbers[0].phoneNumber;
  assert.equal((await rent(lazy, mexican)).body.phoneNumber, mexican);
});
