// Store conformance: hosting orders, their numbers, LOAs, settings and the mail log, on every
// adapter (see harness.ts).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  type HostingOrderNumberRecord,
  type HostingOrderRecord,
  importedFromHosting,
  newOrderNumber,
  parseHostingRequest,
} from '../../src/domain/hosting/hostingOrder.js';
import { hostingStepJob } from '../../src/jobs/hostingStep.js';
import type { MailMessage } from '../../src/mail/mailer.js';
import type { Store } from '../../src/store/types.js';
import { PROJECT, storeSuite, T0 } from './harness.js';

let seq = 0;
function order(numbers: string[], extra: Partial<HostingOrderRecord> = {}, projectId = PROJECT) {
  const parsed = parseHostingRequest(
    projectId,
    'import',
    { regionCode: 'US', numbers, servicePlanId: 'plan-s' },
    10,
  );
  const record: HostingOrderRecord = {
    ...parsed.order,
    hostingOrderId: `ho${String(++seq).padStart(4, '0')}`,
    state: 'SUBMITTED',
    stage: 'REVIEW',
    createdAt: T0 + seq,
    updatedAt: T0 + seq,
    ...extra,
  };
  return { order: record, numbers: numbers.map((n) => newOrderNumber(record, n, record.createdAt)) };
}

const create = (s: Store, o: { order: HostingOrderRecord; numbers: HostingOrderNumberRecord[] }) =>
  s.hostingOrders.create(o, { claimQualified: false });

const mail = (to: string, at: number): MailMessage => ({
  messageId: `m${at}`,
  to,
  subject: 'Sign',
  text: 'https://x/loa/t',
  links: ['https://x/loa/t'],
  state: 'LOGGED',
  createdAt: at,
});

storeSuite('hosting orders', {}, (ctx) => {
  let store: Store;
  let other: Store;
  before(() => {
    ({ store, other } = ctx);
  });

  test('create and get (per project); a number is in one open order at most; imported and inventory numbers refused', async () => {
    const a = order(['+12025550401', '+12025550402']);
    assert.deepEqual(await create(store, a), a.order);
    assert.deepEqual(await other.hostingOrders.get(PROJECT, a.order.hostingOrderId), a.order);
    assert.equal(await store.hostingOrders.get('project-other', a.order.hostingOrderId), undefined);
    assert.deepEqual(await store.hostingOrders.getById(a.order.hostingOrderId), a.order);
    assert.deepEqual(
      (await store.hostingOrders.allNumbers(a.order.hostingOrderId)).map((n) => n.phoneNumber),
      ['+12025550401', '+12025550402'],
    );
    assert.deepEqual(await create(store, order(['+12025550403', '+12025550402'], {}, 'project-other')), {
      conflict: { phoneNumber: '+12025550402', reason: 'hosting' },
    });
    // Nothing of the refused order was written.
    assert.ok('hostingOrderId' in (await create(store, order(['+12025550403']))));
    // A number in an open order cannot be imported directly.
    const refused = await store.importedNumbers.create({
      record: importedFromHosting(a.order, a.numbers[0]!, T0),
    });
    assert.equal(refused, 'hosting');
    const imported = await store.importedNumbers.create({
      record: { ...importedFromHosting(a.order, a.numbers[0]!, T0), phoneNumber: '+12025550405' },
    });
    assert.notEqual(typeof imported, 'string');
    assert.deepEqual(await create(store, order(['+12025550404', '+12025550405'])), {
      conflict: { phoneNumber: '+12025550405', reason: 'imported' },
    });
    const mine = ctx.free('US', 'LOCAL').e164;
    assert.deepEqual(await create(store, order([mine])), {
      conflict: { phoneNumber: mine, reason: 'inventory' },
    });
  });

  test('two processes ordering one number at once: one wins', async () => {
    const results = await Promise.all([
      create(store, order(['+12025550411'])),
      create(other, order(['+12025550411'])),
    ]);
    assert.equal(results.filter((r) => 'hostingOrderId' in r).length, 1, JSON.stringify(results));
    assert.deepEqual(
      results.find((r) => !('hostingOrderId' in r)),
      { conflict: { phoneNumber: '+12025550411', reason: 'hosting' } },
    );
  });

  test('update: the order, its changed numbers, jobs, events and mail in one transaction; a closed order frees its numbers', async () => {
    const a = order(['+12025550421']);
    await create(store, a);
    const id = a.order.hostingOrderId;
    // A throw rolls everything back.
    await assert.rejects(
      store.hostingOrders.update(PROJECT, id, (current) => {
        void current;
        throw new Error('no');
      }),
    );
    const moved = await store.hostingOrders.update(PROJECT, id, (current, numbers) => ({
      order: { ...current, state: 'IN_PROGRESS', stage: 'OSR', updatedAt: T0 + 100 },
      numbers: numbers.map((n) => ({ ...n, osrUpdate: { ...n.osrUpdate, state: 'IN_PROGRESS' as const } })),
      jobs: [hostingStepJob(PROJECT, id, 'OSR', T0 + 200)],
      mail: [mail('someone@example.com', T0 + 100)],
    }));
    assert.equal(moved?.state, 'IN_PROGRESS');
    assert.equal((await store.hostingOrders.getNumber(id, '+12025550421'))?.osrUpdate.state, 'IN_PROGRESS');
    assert.equal(
      (await store.hostingOrders.numbers({ hostingOrderId: id, osrUpdateState: 'IN_PROGRESS', limit: 10 }))
        .totalSize,
      1,
    );
    assert.equal(
      (await store.hostingOrders.numbers({ hostingOrderId: id, osrUpdateState: 'DONE', limit: 10 }))
        .totalSize,
      0,
    );
    const jobs = await store.jobs.list({ kind: 'hosting.step' });
    assert.ok(jobs.some((j) => (j.payload as { hostingOrderId: string }).hostingOrderId === id));
    assert.equal((await store.mail.list({ to: 'someone@example.com', limit: 5 }))[0]?.subject, 'Sign');
    // No change: null writes nothing.
    assert.equal((await store.hostingOrders.update(PROJECT, id, () => null))?.updatedAt, T0 + 100);
    assert.equal(await store.hostingOrders.update('project-other', id, () => null), undefined);

    // COMPLETED: its finished numbers become imported numbers (unless imported meanwhile), and the number is free.
    const done = await store.hostingOrders.update(PROJECT, id, (current, numbers) => ({
      order: { ...current, state: 'COMPLETED', stage: 'DONE', updatedAt: T0 + 300 },
      finished: {
        imported: numbers.map((n) => importedFromHosting(current, n, T0 + 300)),
        outcomes: [],
      },
    }));
    assert.equal(done?.state, 'COMPLETED');
    assert.equal((await store.importedNumbers.get(PROJECT, '+12025550421'))?.smsProvisioning?.state, 'DONE');
    assert.deepEqual(await create(store, order(['+12025550421'])), {
      conflict: { phoneNumber: '+12025550421', reason: 'imported' },
    });
    const rejected = order(['+12025550422']);
    await create(store, rejected);
    await store.hostingOrders.update(PROJECT, rejected.order.hostingOrderId, (current) => ({
      order: { ...current, state: 'REJECTED', stage: 'DONE' },
    }));
    assert.ok('hostingOrderId' in (await create(store, order(['+12025550422']))));
  });

  test('update tells the mutation which of the order’s numbers are imported elsewhere', async () => {
    const a = order(['+12025550441', '+12025550442']);
    await create(store, a);
    const id = a.order.hostingOrderId;
    const seen = async () => {
      let known: string[] = [];
      await store.hostingOrders.update(PROJECT, id, (_current, _numbers, context) => {
        known = [...context.importedElsewhere];
        return null;
      });
      return known;
    };
    assert.deepEqual(await seen(), []);
    // The race, set up by hand: the order is closed for a moment, the number imported, the order reopened.
    await store.hostingOrders.update(PROJECT, id, (current) => ({
      order: { ...current, state: 'REJECTED', stage: 'DONE' },
    }));
    const imported = await store.importedNumbers.create({
      record: importedFromHosting(a.order, a.numbers[0]!, T0 + 10),
    });
    assert.notEqual(typeof imported, 'string');
    await store.hostingOrders.update(PROJECT, id, (current, numbers) => ({
      order: { ...current, state: 'IN_PROGRESS', stage: 'PLATFORM' },
      numbers,
    }));
    assert.deepEqual(await seen(), ['+12025550441']);
    // Writing that number as imported again breaks the unique key: nothing of the change stays.
    await assert.rejects(
      store.hostingOrders.update(PROJECT, id, (current, numbers) => ({
        order: { ...current, state: 'COMPLETED', stage: 'DONE' },
        finished: { imported: numbers.map((n) => importedFromHosting(current, n, T0 + 20)), outcomes: [] },
      })),
    );
    assert.equal((await store.hostingOrders.get(PROJECT, id))?.state, 'IN_PROGRESS');
    assert.equal(await store.importedNumbers.get(PROJECT, '+12025550442'), undefined);
  });

  test('list: filters, order and keyset pages; listAll for the review queue', async () => {
    const project = 'project-list';
    const made = [];
    for (let i = 0; i < 5; i++) {
      const o = order(
        [`+1312555050${i}`],
        { campaignId: i % 2 ? 'odd' : 'even', type: i === 4 ? 'TYPE_TEXT_ENABLE' : 'IMPORT' },
        project,
      );
      await create(store, o);
      made.push(o.order.hostingOrderId);
    }
    const all = await store.hostingOrders.list({ projectId: project, orderBy: 'createdTime', limit: 10 });
    assert.equal(all.totalSize, 5);
    assert.deepEqual(
      all.records.map((r) => r.hostingOrderId),
      made,
    );
    assert.equal(
      (
        await store.hostingOrders.list({
          projectId: project,
          campaignId: 'odd',
          orderBy: 'createdTime',
          limit: 10,
        })
      ).totalSize,
      2,
    );
    assert.equal(
      (
        await store.hostingOrders.list({
          projectId: project,
          type: 'TYPE_TEXT_ENABLE',
          orderBy: 'createdTime',
          limit: 10,
        })
      ).totalSize,
      1,
    );
    assert.equal(
      (
        await store.hostingOrders.list({
          projectId: project,
          states: ['COMPLETED', 'REJECTED'],
          orderBy: 'createdTime',
          limit: 10,
        })
      ).totalSize,
      0,
    );
    assert.equal(
      (
        await store.hostingOrders.list({
          projectId: project,
          servicePlanId: 'plan-s',
          regionCode: 'US',
          orderBy: 'updatedTime',
          limit: 10,
        })
      ).totalSize,
      5,
    );
    const second = all.records[1]!;
    const page = await store.hostingOrders.list({
      projectId: project,
      orderBy: 'createdTime',
      after: { at: second.createdAt, id: second.hostingOrderId },
      limit: 2,
    });
    assert.deepEqual(
      page.records.map((r) => r.hostingOrderId),
      made.slice(2, 4),
    );
    const queue = await store.hostingOrders.listAll({ state: 'SUBMITTED', projectId: project, limit: 3 });
    assert.deepEqual(
      queue.map((r) => r.hostingOrderId),
      made.slice(0, 3),
    );
  });

  test('LOA: stored with its token hash, found by it, signed once', async () => {
    const a = order(['+12025550431']);
    await create(store, a);
    const id = a.order.hostingOrderId;
    await store.hostingOrders.update(PROJECT, id, (current) => ({
      order: { ...current, state: 'WAITING_FOR_LOA_SIGNATURE', stage: 'LOA' },
      loa: { tokenHash: `hash-${id}`, pdf: Buffer.from('%PDF-unsigned') },
    }));
    assert.equal((await other.hostingOrders.findByTokenHash(`hash-${id}`))?.hostingOrderId, id);
    assert.equal(await store.hostingOrders.findByTokenHash('nope'), undefined);
    const unsigned = await store.hostingOrders.getLoa(id);
    assert.equal(unsigned?.pdf.toString(), '%PDF-unsigned');
    assert.equal(unsigned?.signedPdf, null);
    const signature = { fullName: 'A B', ip: '10.0.0.1', at: T0, via: 'signing page' };
    await store.hostingOrders.update(PROJECT, id, (current) => ({
      order: { ...current, state: 'IN_PROGRESS', stage: 'OSR', signature },
      signedLoa: { pdf: Buffer.from('%PDF-signed'), signature },
    }));
    const signed = await store.hostingOrders.getLoa(id);
    assert.equal(signed?.signedPdf?.toString(), '%PDF-signed');
    assert.deepEqual(signed?.signature, signature);
    // A second signature is refused and changes nothing (the order neither).
    const second = { fullName: 'C D', ip: '10.0.0.2', at: T0 + 1, via: 'signing page' };
    await assert.rejects(
      other.hostingOrders.update(PROJECT, id, (current) => ({
        order: { ...current, state: 'IN_PROGRESS', stage: 'PLATFORM', signature: second },
        signedLoa: { pdf: Buffer.from('%PDF-second'), signature: second },
      })),
      /signed already/,
    );
    const still = await store.hostingOrders.getLoa(id);
    assert.equal(still?.signedPdf?.toString(), '%PDF-signed');
    assert.deepEqual(still?.signature, signature);
    const after = await store.hostingOrders.get(PROJECT, id);
    assert.deepEqual([after?.stage, after?.signature], ['OSR', signature]);
    assert.equal(await store.hostingOrders.getLoa('none'), undefined);
  });

  test('import limit per project; the mail log newest first, by recipient', async () => {
    await store.auth.createProject({ projectId: 'project-limit', createdAt: T0 });
    assert.equal(await store.hostingOrders.getImportLimit('project-limit'), undefined);
    await store.hostingOrders.setImportLimit('project-limit', 7, T0);
    await other.hostingOrders.setImportLimit('project-limit', 9, T0 + 1);
    assert.equal(await store.hostingOrders.getImportLimit('project-limit'), 9);

    await store.hostingOrders.update(PROJECT, (await firstOrder(store)).hostingOrderId, (current) => ({
      order: current,
      mail: [
        mail('log@example.com', T0 + 1000),
        mail('log@example.com', T0 + 2000),
        mail('x@example.com', T0 + 3000),
      ],
    }));
    const log = await store.mail.list({ to: 'log@example.com', limit: 10 });
    assert.deepEqual(
      log.map((m) => m.createdAt),
      [T0 + 2000, T0 + 1000],
    );
    assert.deepEqual(log[0]!.links, ['https://x/loa/t']);
    await store.mail.setState(log[0]!.messageId, 'SENT');
    assert.equal((await other.mail.get(log[0]!.messageId))?.state, 'SENT');
    assert.equal((await store.mail.list({ limit: 1 }))[0]?.to, 'x@example.com');
  });
});

async function firstOrder(s: Store) {
  const [first] = await s.hostingOrders.listAll({ limit: 1 });
  assert.ok(first);
  return first;
}
