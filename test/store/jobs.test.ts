// Store conformance: jobs, on every adapter (see harness.ts).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Store } from '../../src/store/types.js';
import { storeSuite } from './harness.js';

storeSuite('jobs', {}, (ctx) => {
  let store: Store;
  let other: Store;
  before(() => {
    ({ store, other } = ctx);
  });

  describe('jobs', () => {
    // Far before T0, so the jobs written by the rents above are never due here.
    const t = 1_000_000;

    test('enqueue, claimDue in run_at order, lease, re-claim after the lease, complete, fail, dead', async () => {
      await store.jobs.enqueue([
        { kind: 'conf.b', payload: { n: 2, nested: { list: [1, 'two'] } }, runAt: t + 10 },
        { kind: 'conf.a', payload: { n: 1 }, runAt: t },
        { kind: 'conf.c', payload: { n: 3 }, runAt: t + 20 },
      ]);
      await store.jobs.enqueue([]);
      assert.deepEqual(await store.jobs.claimDue(t - 1, 10, 1000), []);

      const first = await store.jobs.claimDue(t + 10, 10, 1000);
      // The claimed set is the earliest due jobs; the order they are returned in is not specified.
      assert.deepEqual(first.map((j) => [j.kind, j.payload, j.runAt, j.attempts]).sort(), [
        ['conf.a', { n: 1 }, t + 10, 1],
        ['conf.b', { n: 2, nested: { list: [1, 'two'] } }, t + 10, 1],
      ]);
      assert.ok(first.every((j) => typeof j.id === 'number'));
      const running = await store.jobs.list({ status: 'running' });
      assert.deepEqual(running.map((j) => [j.kind, j.runAt, j.attempts]).sort(), [
        ['conf.a', t + 1010, 1],
        ['conf.b', t + 1010, 1],
      ]);
      // Leased: not claimed again before the lease runs out, by anyone.
      assert.deepEqual(await other.jobs.claimDue(t + 1009, 10, 1000), [
        {
          id: (await store.jobs.list({ kind: 'conf.c' }))[0]!.id,
          kind: 'conf.c',
          payload: { n: 3 },
          runAt: t + 1009,
          attempts: 1,
        },
      ]);
      // conf.a's worker finishes; conf.b's worker died: its lease runs out and it is claimed again.
      const a = first.find((j) => j.kind === 'conf.a')!;
      const b = first.find((j) => j.kind === 'conf.b')!;
      await store.jobs.complete(a.id);
      const again = await store.jobs.claimDue(t + 1010, 10, 1000);
      assert.deepEqual(
        again.map((j) => [j.id, j.attempts]),
        [[b.id, 2]],
      );
      assert.deepEqual((await store.jobs.list({ kind: 'conf.a' })).length, 0, 'completed jobs are gone');

      // Failure with a retry time: pending again, due then.
      await store.jobs.fail(b.id, 'boom', t + 5000);
      const [failed] = await store.jobs.list({ kind: 'conf.b' });
      assert.deepEqual(
        {
          status: failed!.status,
          runAt: failed!.runAt,
          lastError: failed!.lastError,
          attempts: failed!.attempts,
        },
        { status: 'pending', runAt: t + 5000, lastError: 'boom', attempts: 2 },
      );
      assert.deepEqual(
        (await store.jobs.claimDue(t + 4999, 10, 1000)).map((j) => j.kind),
        ['conf.c'], // conf.c's lease (t + 2009) ran out
      );
      const c = (await store.jobs.list({ kind: 'conf.c' }))[0]!;
      assert.equal(c.attempts, 2);
      assert.deepEqual(
        (await store.jobs.claimDue(t + 5000, 10, 1000)).map((j) => [j.kind, j.attempts]),
        [['conf.b', 3]],
      );
      // Failure without a retry time: dead, never claimed again.
      await store.jobs.fail(b.id, 'gave up', null);
      await store.jobs.fail(c.id, 'gave up too', null);
      assert.deepEqual(await store.jobs.claimDue(t + 1e9, 10, 1000), []);
      const dead = await store.jobs.list({ status: 'dead' });
      assert.deepEqual(
        dead.map((j) => [j.kind, j.lastError, j.status]),
        [
          ['conf.b', 'gave up', 'dead'],
          ['conf.c', 'gave up too', 'dead'],
        ],
      );
      assert.deepEqual(await store.jobs.list({ kind: 'conf.b', status: 'pending' }), []);
    });

    test('claimDue respects the limit; concurrent claimers get disjoint jobs', async () => {
      const base = 2_000_000;
      await store.jobs.enqueue(
        Array.from({ length: 30 }, (_, i) => ({ kind: 'conf.many', payload: { i }, runAt: base + i })),
      );
      const limited = await store.jobs.claimDue(base + 100, 5, 10_000);
      assert.deepEqual(
        limited.map((j) => j.payload.i as number).sort((x, y) => x - y),
        [0, 1, 2, 3, 4],
      );
      const batches = await Promise.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 ? store : other).jobs.claimDue(base + 100, 4, 10_000)),
      );
      const claimed = batches.flat().map((j) => j.payload.i as number);
      assert.equal(new Set(claimed).size, claimed.length, 'no job claimed twice');
      assert.deepEqual(
        [...claimed].sort((x, y) => x - y),
        Array.from({ length: 25 }, (_, i) => i + 5),
      );
      for (const j of [...limited, ...batches.flat()]) await store.jobs.complete(j.id);
      assert.deepEqual(await store.jobs.list({ kind: 'conf.many' }), []);
    });
  });
});
