import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signBody } from '../../../src/domain/callbacks/events.js';
import { call } from '../../helpers/api.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { startTestApp, type TestApp } from '../../helpers/testApp.js';

// Seed 003, workflow B: bulk import through a hosting order (≤ 5 numbers), tracked to COMPLETED
// with the clock; its numbers become imported numbers; every callback arrives signed with the
// Imported Numbers API's secret.
let t: TestApp;
let receiver: Receiver;
const SECRET = 'hosting-secret-b';
before(async () => {
  t = await startTestApp({ OPEN_NUMBERS_HOSTING_STEP_SECONDS: '60' });
  receiver = await startReceiver('/hooks/hosting');
});
after(async () => {
  await t.close();
  await receiver.close();
});

const BASE = '/imported/v1/projects/project-a';
const NUMBERS = ['+12025550134', '+12065550100', '+12125551234'];

test('workflow B: import order → SUBMITTED → IN_PROGRESS → COMPLETED, numbers imported, callbacks signed', async () => {
  const config = await call(t, {
    method: 'PATCH',
    url: `${BASE}/callbackConfiguration`,
    body: { hmacSecret: SECRET },
  });
  assert.equal(config.status, 200, JSON.stringify(config.body));

  const created = await call(t, {
    method: 'POST',
    url: `${BASE}/hostingOrders:importNumbers`,
    body: {
      displayName: 'Bulk import',
      regionCode: 'US',
      numbers: NUMBERS,
      servicePlanId: 'plan-b',
      campaignId: 'CAMPB',
      callbackUrl: receiver.url,
      migrateToSinchTmo: true,
    },
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const order = created.body;
  assert.equal(order.state, 'SUBMITTED');
  assert.equal(order.type, 'IMPORT');
  assert.equal(order.migrateToSinchTmo, true);
  assert.equal(order.textEnableInfo, undefined);
  const id = order.hostingOrderId;

  const state = async () => (await call(t, { method: 'GET', url: `${BASE}/hostingOrders/${id}` })).body.state;
  await t.advance(60); // sandbox review
  assert.equal(await state(), 'IN_PROGRESS');
  const numbers = await call(t, { method: 'GET', url: `${BASE}/hostingOrders/${id}/numbers` });
  assert.equal(numbers.status, 200);
  assert.equal(numbers.body.totalSize, 3);
  assert.ok(numbers.body.numbers.every((n: any) => n.osrUpdate.state === 'IN_PROGRESS'));
  await t.advance(60); // OSR update
  await t.advance(60); // SMS platform
  assert.equal(await state(), 'IN_PROGRESS');
  await t.advance(60); // campaign
  assert.equal(await state(), 'COMPLETED');

  const report = await call(t, { method: 'GET', url: `${BASE}/hostingOrders/${id}/report` });
  assert.deepEqual(report.body, {
    total: 3,
    osrUpdated: 3,
    smsProvisioned: 3,
    addedToCampaign: 3,
    ongoingManualAction: 0,
  });
  const one = await call(t, { method: 'GET', url: `${BASE}/hostingOrders/${id}/numbers/${NUMBERS[0]}` });
  assert.equal(one.status, 200);
  assert.equal(one.body.platformProvisioning.state, 'DONE');
  assert.equal(one.body.smsTmo.state, 'DONE');

  for (const n of NUMBERS) {
    const imported = await call(t, { method: 'GET', url: `${BASE}/importedNumbers/${n}` });
    assert.equal(imported.status, 200, JSON.stringify(imported.body));
    assert.equal(imported.body.smsConfiguration.servicePlanId, 'plan-b');
    assert.equal(imported.body.smsConfiguration.migrateToSinchTmo, true);
    assert.equal(imported.body.smsProvisioning.state, 'DONE');
    assert.equal(imported.body.campaignProvisioning.state, 'DONE');
    assert.equal(imported.body.mnoConfiguration.smsAtt.state, 'DONE');
  }

  // Callbacks: order transitions and each number's steps, all signed with the imported secret.
  await t.advance(1);
  const bodies = receiver.received.map((r) => {
    assert.equal(r.headers['x-sinch-signature'], signBody(r.body, SECRET));
    return JSON.parse(r.body);
  });
  const kinds = bodies.map(
    (b) => `${b.eventType}:${b.resourceId === id ? 'order' : b.resourceId}:${b.status}`,
  );
  assert.ok(kinds.includes('HOSTING_PROCESS:order:SUCCEEDED'));
  for (const n of NUMBERS) {
    for (const e of ['OSR_UPDATE', 'PROVISIONING_TO_SMS_PLATFORM', 'LINK_TO_10DLC_CAMPAIGN']) {
      assert.ok(kinds.includes(`${e}:${n}:SUCCEEDED`), `${e} for ${n}: ${kinds.join(' ')}`);
    }
  }
  for (const b of bodies) {
    assert.equal(b.resourceType, 'HOSTING_ORDER_NUMBER');
    assert.match(b.timestamp, /Z$/);
    assert.equal('failureCode' in b, false);
  }
});
