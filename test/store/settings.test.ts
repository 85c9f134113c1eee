// Store conformance: migrations, settings, projects and keys, on every adapter (see harness.ts).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Store } from '../../src/store/types.js';
import { storeSuite, T0 } from './harness.js';

storeSuite('migrations, settings, projects and keys', { seed: false }, (ctx) => {
  let store: Store;
  let other: Store;
  before(() => {
    ({ store, other } = ctx);
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
    assert.deepEqual(
      await store.auth.getAccessKey('k1'),
      { ...key, revokedAt: null },
      'a new key is not revoked',
    );
    assert.equal(await store.auth.getAccessKey('k-missing'), undefined);
  });
});
