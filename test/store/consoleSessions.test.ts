// Store conformance: web console sessions, on every adapter (see harness.ts).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { ConsoleSession, Store } from '../../src/store/types.js';
import { storeSuite, T0 } from './harness.js';

const HOUR = 3600_000;

function session(hash: string, expiresAt: number, actor = 'Ann Reviewer'): ConsoleSession {
  return { sessionHash: hash, actor, csrfToken: `csrf-${hash}`, createdAt: T0, expiresAt };
}

storeSuite('console sessions', { seed: false }, (ctx) => {
  let store: Store;
  let other: Store;
  before(() => {
    ({ store, other } = ctx);
  });

  test('a session is found by its hash until it expires, from any process', async () => {
    const live = session('a'.repeat(64), T0 + 12 * HOUR, 'Zoë Ölund <zoe@example.com>');
    await store.consoleSessions.create(live);
    assert.deepEqual(await other.consoleSessions.get(live.sessionHash, T0), live);
    assert.deepEqual(await other.consoleSessions.get(live.sessionHash, T0 + 12 * HOUR - 1), live);
    assert.equal(await other.consoleSessions.get(live.sessionHash, T0 + 12 * HOUR), undefined, 'expired');
    assert.equal(await store.consoleSessions.get('b'.repeat(64), T0), undefined, 'unknown');
  });

  test('sign-out deletes the session; expired ones are purged, live ones kept', async () => {
    const gone = session('c'.repeat(64), T0 + HOUR);
    const expired = session('d'.repeat(64), T0 + HOUR);
    const kept = session('e'.repeat(64), T0 + 3 * HOUR);
    for (const s of [gone, expired, kept]) await store.consoleSessions.create(s);
    await other.consoleSessions.delete(gone.sessionHash);
    assert.equal(await store.consoleSessions.get(gone.sessionHash, T0), undefined);
    // The first test's session (T0 + 12 h) and `kept` outlive T0 + 2 h; `expired` does not.
    assert.equal(await store.consoleSessions.deleteExpired(T0 + 2 * HOUR), 1);
    assert.equal(await store.consoleSessions.get(expired.sessionHash, T0), undefined, 'purged');
    assert.deepEqual(await store.consoleSessions.get(kept.sessionHash, T0 + 2 * HOUR), kept);
    assert.equal(await store.consoleSessions.deleteExpired(T0 + 2 * HOUR), 0);
  });

  test('the same session hash cannot be stored twice', async () => {
    const s = session('f'.repeat(64), T0 + HOUR);
    await store.consoleSessions.create(s);
    await assert.rejects(store.consoleSessions.create({ ...s, actor: 'someone else' }));
    assert.equal((await store.consoleSessions.get(s.sessionHash, T0))?.actor, 'Ann Reviewer');
  });
});
