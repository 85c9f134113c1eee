// Seed 003, workflow E (check hosting order status) end to end over real HTTP: a Bearer token,
// the background worker, the clock moved by /_sandbox/clock:advance. Two orders (an import and
// a blanket-LOA text-enable) are listed with the four required parameters, read, reported on and
// drilled into number by number while they progress, and their signed callbacks received.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signBody } from '../../../src/domain/callbacks/events.js';
import { verifyNumbers } from '../../helpers/hosting.js';
import { type LiveServer, startLiveServer } from '../../helpers/liveServer.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';

const SECRET = 'workflow-e-hosting-secret-0123456789';
const IMPORTS = ['+14155550111', '+14155550112'];
const TEXT = ['+14155550121', '+14155556660'];

let s: LiveServer;
let receiver: Receiver;
let importId: string;
let textId: string;
before(async () => {
  s = await startLiveServer({
    OPEN_NUMBERS_HOSTING_STEP_SECONDS: '30',
    OPEN_NUMBERS_QUALIFICATION_DELAY_SECONDS: '1',
  });
  receiver = await startReceiver('/e');
  assert.equal(
    (await s.api('PATCH', `${s.imported}/callbackConfiguration`, { hmacSecret: SECRET })).status,
    200,
  );
  const created = await s.api('POST', `${s.imported}/hostingOrders:importNumbers`, {
    regionCode: 'US',
    numbers: IMPORTS,
    servicePlanId: 'plan-e',
    campaignId: 'CAMPE',
    callbackUrl: receiver.url,
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  importId = created.body.hostingOrderId;
  await verifyNumbers(s.t, 'project-a', TEXT);
  const text = await s.api('POST', `${s.imported}/hostingOrders:textEnableNumbers`, {
    regionCode: 'US',
    numbers: TEXT,
    servicePlanId: 'plan-e',
    campaignId: 'CAMPE',
    blanketLoaInfo: {},
    callbackUrl: receiver.url,
  });
  assert.equal(text.status, 200, JSON.stringify(text.body));
  textId = text.body.hostingOrderId;
});
after(async () => {
  await receiver.close();
  await s.close();
});

const list = (query: string) => s.api('GET', `${s.imported}/hostingOrders?${query}`);
const order = (id: string) => s.api('GET', `${s.imported}/hostingOrders/${id}`);

describe('workflow E: check hosting order status', () => {
  test('1. list orders: all four parameters are required; they filter', async () => {
    const missing = await list('states=SUBMITTED&type=IMPORT&servicePlanId=plan-e');
    assert.equal(missing.status, 400);
    assert.equal(missing.body.details[0].fieldViolations[0].field, 'campaignId');
    const imports = await list('states=SUBMITTED&type=IMPORT&servicePlanId=plan-e&campaignId=CAMPE');
    assert.equal(imports.status, 200);
    assert.deepEqual(
      imports.body.hostingOrders.map((o: any) => o.hostingOrderId),
      [importId],
    );
    const both = await list(
      'states=SUBMITTED&states=IN_PROGRESS&type=HOSTING_ORDER_TYPE_UNSPECIFIED&servicePlanId=plan-e&campaignId=CAMPE',
    );
    assert.equal(both.body.totalSize, 2);
    assert.equal(
      (await list('states=COMPLETED&type=IMPORT&servicePlanId=plan-e&campaignId=CAMPE')).body.totalSize,
      0,
    );
  });

  test('2–4. get, report and numbers while the orders progress with the clock', async () => {
    assert.equal((await order(importId)).body.state, 'SUBMITTED');
    await s.advance(30); // review
    await s.until(
      () => order(importId),
      (r) => r.body.state === 'IN_PROGRESS',
    );
    await s.until(
      () => order(textId),
      (r) => r.body.state === 'IN_PROGRESS',
    );
    const inProgress = await s.api(
      'GET',
      `${s.imported}/hostingOrders/${importId}/numbers?osrUpdateState=IN_PROGRESS`,
    );
    assert.equal(inProgress.body.totalSize, 2);
    await s.advance(30); // OSR update
    await s.until(
      () => s.api('GET', `${s.imported}/hostingOrders/${textId}/report`),
      (r) => r.body.osrUpdated === 1 && r.body.ongoingManualAction === 1,
    );
    await s.until(
      () => s.api('GET', `${s.imported}/hostingOrders/${importId}/report`),
      (r) => r.body.osrUpdated === 2,
    );
    await s.advance(30); // SMS platform
    await s.until(
      () => s.api('GET', `${s.imported}/hostingOrders/${importId}/numbers?platformProvisioningState=DONE`),
      (r) => r.body.totalSize === 2,
    );
    await s.until(
      () => s.api('GET', `${s.imported}/hostingOrders/${textId}/report`),
      (r) => r.body.smsProvisioned === 1,
    );
    await s.advance(30); // campaign
    const done = await s.until(
      () => order(importId),
      (r) => r.body.state === 'COMPLETED',
    );
    assert.equal(done.body.type, 'IMPORT');
    await s.until(
      () => order(textId),
      (r) => r.body.state === 'COMPLETED',
    );
    const report = await s.api('GET', `${s.imported}/hostingOrders/${textId}/report`);
    assert.deepEqual(report.body, {
      total: 2,
      osrUpdated: 1,
      smsProvisioned: 1,
      addedToCampaign: 1,
      ongoingManualAction: 1,
    });
    const numbers = await s.api('GET', `${s.imported}/hostingOrders/${textId}/numbers`);
    assert.deepEqual(
      numbers.body.numbers.map((n: any) => [n.phoneNumber, n.osrUpdate.state, n.campaignProvisioning.state]),
      [
        ['+14155550121', 'DONE', 'DONE'],
        ['+14155556660', 'FAILED', 'WAITING'],
      ],
    );
    const one = await s.api('GET', `${s.imported}/hostingOrders/${textId}/numbers/+14155550121`);
    assert.equal(one.status, 200);
    assert.equal(one.body.platformProvisioning.state, 'DONE');
    assert.equal(one.body.mmsAtt.state, 'DONE');
    const completed = await list('states=COMPLETED&type=TYPE_TEXT_ENABLE&servicePlanId=*&campaignId=CAMPE');
    assert.deepEqual(
      completed.body.hostingOrders.map((o: any) => o.hostingOrderId),
      [textId],
    );
  });

  test('callbacks: every order transition and number step, signed with the imported secret', async () => {
    // 2 orders × (SUBMITTED, IN_PROGRESS, COMPLETED) + 4 OSR + 3 platform + 3 campaign
    // + one HOSTING_PROCESS per number when its order ends (4).
    await s.until(
      async () => receiver.received.length,
      (n) => n >= 20,
    );
    const events = receiver.received.map((r) => {
      assert.equal(r.headers['x-sinch-signature'], signBody(r.body, SECRET));
      return JSON.parse(r.body);
    });
    const failed = events.filter((e) => e.status === 'FAILED');
    assert.deepEqual(
      failed.map((e) => [e.resourceId, e.eventType, e.failureCode]),
      [
        ['+14155556660', 'OSR_UPDATE', 'NUMBER_PROVISIONING_FAILED'],
        ['+14155556660', 'HOSTING_PROCESS', 'NUMBER_PROVISIONING_FAILED'],
      ],
    );
    assert.equal(events.filter((e) => e.eventType === 'HOSTING_PROCESS').length, 10);
    // The per-number outcome: resourceId is the number.
    const perNumber = events.filter((e) => e.eventType === 'HOSTING_PROCESS' && e.resourceId.startsWith('+'));
    assert.equal(perNumber.filter((e) => e.status === 'SUCCEEDED').length, 3);
  });
});
