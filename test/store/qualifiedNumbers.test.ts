// Store conformance: qualified numbers, on every adapter (see harness.ts).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  newQualifiedNumber,
  type QualifiedNumberRecord,
  transition,
} from '../../src/domain/qualified/qualifiedNumber.js';
import type { Store } from '../../src/store/types.js';
import { PROJECT, storeSuite, T0 } from './harness.js';

const OTHER = 'project-other';

function qualified(phoneNumber: string, at = T0, projectId = PROJECT): QualifiedNumberRecord {
  return newQualifiedNumber(
    projectId,
    { phoneNumber, regionCode: phoneNumber.startsWith('+1416') ? 'CA' : 'US' },
    at,
  );
}

/** Walks a stored number to VERIFIED through the store's own update. */
async function verify(store: Store, projectId: string, phoneNumber: string, at = T0 + 10) {
  const steps = [
    { type: 'decideEligibility', decision: 'ELIGIBLE', reason: 'ok', reviewer: 'op' },
    { type: 'sendChallenge', code: '424242', salt: 'x' },
    { type: 'verifyChallenge', code: '424242' },
  ] as const;
  let record: QualifiedNumberRecord | undefined;
  for (const [i, input] of steps.entries()) {
    record = await store.qualifiedNumbers.update(projectId, phoneNumber, (current) => ({
      record: transition(current, input, at + i),
    }));
  }
  assert.equal(record?.state, 'VERIFIED');
  return record!;
}

storeSuite('qualified numbers', { seed: false }, (ctx) => {
  let store: Store;
  let other: Store;
  before(() => {
    ({ store, other } = ctx);
  });

  test('a batch is created whole with its jobs, or not at all', async () => {
    const batch = [qualified('+12025550134'), qualified('+14165550123')];
    const job = { kind: 'test.none', payload: { n: 1 }, runAt: T0 + 60_000 };
    assert.deepEqual(await store.qualifiedNumbers.create(batch, [job]), batch);
    assert.deepEqual(await other.qualifiedNumbers.get(PROJECT, '+14165550123'), batch[1]);
    assert.equal(await store.qualifiedNumbers.get(OTHER, '+14165550123'), undefined);
    const jobs = await store.jobs.list({});
    assert.ok(jobs.some((j) => j.kind === 'test.none'));
    // One number qualified already in this project: nothing of the batch is stored.
    assert.deepEqual(
      await store.qualifiedNumbers.create([qualified('+12065550100'), qualified('+14165550123')], []),
      { existing: '+14165550123' },
    );
    assert.equal(await store.qualifiedNumbers.get(PROJECT, '+12065550100'), undefined);
    // Another project may qualify the same number.
    const theirs = qualified('+14165550123', T0, OTHER);
    assert.deepEqual(await store.qualifiedNumbers.create([theirs], []), [theirs]);
  });

  test('two processes qualifying one number at once: one wins', async () => {
    const results = await Promise.all([
      store.qualifiedNumbers.create([qualified('+13125550199')], []),
      other.qualifiedNumbers.create([qualified('+13125550199')], []),
    ]);
    assert.equal(results.filter(Array.isArray).length, 1);
    assert.deepEqual(
      results.find((r) => !Array.isArray(r)),
      { existing: '+13125550199' },
    );
  });

  test('list: required states, region, order and keyset pages with totalSize', async () => {
    const numbers = ['+12125551001', '+12125551002', '+12125551003', '+12125551004'];
    await store.qualifiedNumbers.create(
      numbers.map((n, i) => qualified(n, T0 + 1000 - i, 'project-list')),
      [],
    );
    await store.qualifiedNumbers.update('project-list', numbers[0]!, (current) => ({
      record: transition(
        current,
        { type: 'decideEligibility', decision: 'NOT_ELIGIBLE', reason: 'no', reviewer: 'op' },
        T0 + 5000,
      ),
    }));
    const pending = await store.qualifiedNumbers.list({
      projectId: 'project-list',
      states: ['ELIGIBLE_CHECK_PENDING'],
      orderBy: 'createdTime',
      limit: 2,
    });
    assert.equal(pending.totalSize, 3);
    assert.deepEqual(
      pending.records.map((r) => r.phoneNumber),
      [numbers[3], numbers[2]],
    );
    const last = pending.records[1]!;
    const next = await store.qualifiedNumbers.list({
      projectId: 'project-list',
      states: ['ELIGIBLE_CHECK_PENDING'],
      orderBy: 'createdTime',
      after: { at: last.createdAt, phoneNumber: last.phoneNumber },
      limit: 2,
    });
    assert.deepEqual(
      next.records.map((r) => r.phoneNumber),
      [numbers[1]],
    );
    const both = await store.qualifiedNumbers.list({
      projectId: 'project-list',
      states: ['ELIGIBLE_CHECK_PENDING', 'NOT_ELIGIBLE'],
      orderBy: 'phoneNumber',
      limit: 10,
    });
    assert.deepEqual(
      both.records.map((r) => r.phoneNumber),
      numbers,
    );
    const ca = await store.qualifiedNumbers.list({
      projectId: 'project-list',
      states: ['ELIGIBLE_CHECK_PENDING'],
      regionCode: 'CA',
      orderBy: 'phoneNumber',
      limit: 10,
    });
    assert.equal(ca.totalSize, 0);
  });

  test('the review queue spans projects, oldest first, paged', async () => {
    await store.qualifiedNumbers.create([qualified('+12025551111', T0 - 3, 'project-q1')], []);
    await store.qualifiedNumbers.create([qualified('+12025551112', T0 - 2, 'project-q2')], []);
    const first = await store.qualifiedNumbers.queue({ state: 'ELIGIBLE_CHECK_PENDING', limit: 1 });
    assert.deepEqual(
      first.records.map((r) => [r.projectId, r.phoneNumber]),
      [['project-q1', '+12025551111']],
    );
    assert.ok(first.totalSize >= 2);
    const r = first.records[0]!;
    const second = await store.qualifiedNumbers.queue({
      state: 'ELIGIBLE_CHECK_PENDING',
      after: { at: r.createdAt, projectId: r.projectId, phoneNumber: r.phoneNumber },
      limit: 1,
    });
    assert.deepEqual(
      second.records.map((x) => x.projectId),
      ['project-q2'],
    );
  });

  test('update: a throw rolls back; the voice log keeps calls newest first', async () => {
    await store.qualifiedNumbers.create([qualified('+12065550111', T0, 'project-u')], []);
    await assert.rejects(
      store.qualifiedNumbers.update('project-u', '+12065550111', () => {
        throw new Error('refused');
      }),
      /refused/,
    );
    assert.equal(await store.qualifiedNumbers.update('project-u', '+19999999999', () => null), undefined);
    await store.qualifiedNumbers.update('project-u', '+12065550111', (current) => ({
      record: { ...current, updatedAt: T0 + 1 },
      voiceCall: {
        projectId: 'project-u',
        phoneNumber: '+12065550111',
        code: '111111',
        createdAt: T0 + 1,
        expireAt: T0 + 2,
      },
    }));
    await store.qualifiedNumbers.update('project-u', '+12065550111', (current) => ({
      record: { ...current, updatedAt: T0 + 3 },
      voiceCall: {
        projectId: 'project-u',
        phoneNumber: '+12065550111',
        code: '222222',
        createdAt: T0 + 3,
        expireAt: T0 + 4,
      },
    }));
    const calls = await other.qualifiedNumbers.voiceCalls('+12065550111', 10);
    assert.deepEqual(
      calls.map((c) => [c.code, c.createdAt, c.expireAt]),
      [
        ['222222', T0 + 3, T0 + 4],
        ['111111', T0 + 1, T0 + 2],
      ],
    );
    assert.equal((await store.qualifiedNumbers.get('project-u', '+12065550111'))?.updatedAt, T0 + 3);
  });

  test('hosting hand-off: all verified or nothing; finish only for the claiming order', async () => {
    const p = 'project-h';
    const [a, b, c] = ['+12025552001', '+12025552002', '+12025552003'];
    await store.qualifiedNumbers.create(
      [qualified(a!, T0, p), qualified(b!, T0, p), qualified(c!, T0, p)],
      [],
    );
    await verify(store, p, a!);
    await verify(store, p, b!);
    // c is not verified and d is unknown: refused, nothing changes.
    assert.deepEqual(
      await store.qualifiedNumbers.claimForHosting(p, [a!, c!, '+12025559999'], 'h1', T0 + 100),
      [c, '+12025559999'],
    );
    assert.equal((await store.qualifiedNumbers.get(p, a!))?.state, 'VERIFIED');
    // Another project's verified number is not this project's.
    assert.deepEqual(await store.qualifiedNumbers.claimForHosting(OTHER, [a!], 'h1', T0 + 100), [a]);
    assert.deepEqual(await store.qualifiedNumbers.claimForHosting(p, [a!, b!], 'h1', T0 + 100), []);
    const claimed = await other.qualifiedNumbers.get(p, a!);
    assert.equal(claimed?.state, 'HOSTING_IN_PROGRESS');
    assert.equal(claimed?.hostingOrderId, 'h1');
    // Claimed already: a second order cannot take them.
    assert.deepEqual(await store.qualifiedNumbers.claimForHosting(p, [b!], 'h2', T0 + 101), [b]);
    // Hosting in progress: not deletable.
    await assert.rejects(
      store.qualifiedNumbers.delete(p, a!, (r) => {
        if (r.state === 'HOSTING_IN_PROGRESS') throw new Error('in progress');
      }),
      /in progress/,
    );
    // Another order's finish, and a repeated one, change nothing.
    await store.qualifiedNumbers.finishHosting(p, a!, 'h2', 'HOSTING_DONE', '', T0 + 200);
    assert.equal((await store.qualifiedNumbers.get(p, a!))?.state, 'HOSTING_IN_PROGRESS');
    await store.qualifiedNumbers.finishHosting(p, a!, 'h1', 'HOSTING_DONE', '', T0 + 200);
    await store.qualifiedNumbers.finishHosting(p, b!, 'h1', 'HOSTING_FAILED', 'carrier refused', T0 + 200);
    await store.qualifiedNumbers.finishHosting(p, b!, 'h1', 'HOSTING_DONE', '', T0 + 300);
    const done = await store.qualifiedNumbers.get(p, a!);
    const failed = await store.qualifiedNumbers.get(p, b!);
    assert.deepEqual(
      [done?.state, done?.hostedNumber, done?.updatedAt],
      ['HOSTING_DONE', { status: 1, error: '' }, T0 + 200],
    );
    assert.deepEqual(
      [failed?.state, failed?.hostedNumber],
      ['HOSTING_FAILED', { status: 2, error: 'carrier refused' }],
    );
  });

  test('delete: per project; false when absent', async () => {
    await store.qualifiedNumbers.create([qualified('+12025553001', T0, 'project-d')], []);
    assert.equal(await store.qualifiedNumbers.delete(OTHER, '+12025553001', () => {}), false);
    assert.equal(await store.qualifiedNumbers.delete('project-d', '+12025553001', () => {}), true);
    assert.equal(await other.qualifiedNumbers.get('project-d', '+12025553001'), undefined);
    assert.equal(await store.qualifiedNumbers.delete('project-d', '+12025553001', () => {}), false);
  });
});
