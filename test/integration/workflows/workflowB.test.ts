// Seed 003, workflow B (bulk import through a hosting order) end to end over real HTTP: a Bearer
// token, the background worker, time moved by /_sandbox/clock:advance. The order goes SUBMITTED →
// IN_PROGRESS → COMPLETED, its numbers become imported numbers, and every callback arrives signed
// with the Imported Numbers API's own secret.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signBody } from '../../../src/domain/callbacks/events.js';
import { type LiveServer, startLiveServer } from '../../helpers/liveServer.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';

const SECRET = 'hosting-secret-b-0123456789-0123456789';
const NUMBERS = ['+12025550134', '+12065550100', '+12125551234'];
const STEP = 60;

let s: LiveServer;
let receiver: Receiver;
let id: string;
before(async () => {
  s = await startLiveServer({ OPEN_NUMBERS_HOSTING_STEP_SECONDS: String(STEP) });
  receiver = await startReceiver('/hooks/hosting');
});
after(async () => {
  await receiver.close();
  await s.close();
});

const order = () => s.api('GET', `${s.imported}/hostingOrders/${id}`);
const numbers = (query = '') => s.api('GET', `${s.imported}/hostingOrders/${id}/numbers${query}`);

describe('workflow B: bulk import via a hosting order', () => {
  test('the signing secret of this API is set first', async () => {
    const res = await s.api('PATCH', `${s.imported}/callbackConfiguration`, { hmacSecret: SECRET });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  });

  test('1. create the order (≤ 5 numbers)', async () => {
    const six = [...NUMBERS, '+12025550135', '+12025550136', '+12025550137'];
    const tooMany = await s.api('POST', `${s.imported}/hostingOrders:importNumbers`, {
      regionCode: 'US',
      numbers: six,
      servicePlanId: 'plan-b',
    });
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.body.details[0].fieldViolations[0].field, 'numbers');

    const created = await s.api('POST', `${s.imported}/hostingOrders:importNumbers`, {
      displayName: 'Bulk import',
      regionCode: 'US',
      numbers: NUMBERS,
      servicePlanId: 'plan-b',
      campaignId: 'CAMPB',
      callbackUrl: receiver.url,
      migrateToSinchTmo: true,
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.state, 'SUBMITTED');
    assert.equal(created.body.type, 'IMPORT');
    assert.equal(created.body.migrateToSinchTmo, true);
    assert.equal(created.body.textEnableInfo, undefined);
    id = created.body.hostingOrderId;
  });

  test('2. track the order until COMPLETED as the clock moves', async () => {
    await s.advance(STEP); // the sandbox review
    await s.until(order, (r) => r.body.state === 'IN_PROGRESS');
    const started = await numbers();
    assert.equal(started.body.totalSize, 3);
    assert.ok(started.body.numbers.every((n: any) => n.osrUpdate.state === 'IN_PROGRESS'));
    await s.advance(STEP); // OSR update
    await s.until(
      () => numbers('?platformProvisioningState=IN_PROGRESS'),
      (r) => r.body.totalSize === 3,
    );
    await s.advance(STEP); // SMS platform
    await s.until(
      () => numbers('?campaignProvisioningState=IN_PROGRESS'),
      (r) => r.body.totalSize === 3,
    );
    assert.equal((await order()).body.state, 'IN_PROGRESS');
    await s.advance(STEP); // campaign
    await s.until(order, (r) => r.body.state === 'COMPLETED');
  });

  test('3. verify per number, and the numbers are imported numbers', async () => {
    const report = await s.api('GET', `${s.imported}/hostingOrders/${id}/report`);
    assert.deepEqual(report.body, {
      total: 3,
      osrUpdated: 3,
      smsProvisioned: 3,
      addedToCampaign: 3,
      ongoingManualAction: 0,
    });
    const one = await s.api('GET', `${s.imported}/hostingOrders/${id}/numbers/${NUMBERS[0]}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.platformProvisioning.state, 'DONE');
    assert.equal(one.body.smsTmo.state, 'DONE');
    for (const n of NUMBERS) {
      const imported = await s.api('GET', `${s.imported}/importedNumbers/${n}`);
      assert.equal(imported.status, 200, JSON.stringify(imported.body));
      assert.equal(imported.body.displayName, 'Bulk import');
      assert.equal(imported.body.smsConfiguration.servicePlanId, 'plan-b');
      assert.equal(imported.body.smsConfiguration.migrateToSinchTmo, true);
      assert.equal(imported.body.smsProvisioning.state, 'DONE');
      assert.equal(imported.body.campaignProvisioning.state, 'DONE');
      assert.equal(imported.body.mnoConfiguration.smsAtt.state, 'DONE');
    }
    // The numbers are free of the order now, but imported: another order of them is a 409.
    const again = await s.api('POST', `${s.imported}/hostingOrders:importNumbers`, {
      regionCode: 'US',
      numbers: [NUMBERS[0]],
      servicePlanId: 'plan-b',
    });
    assert.equal(again.status, 409);
  });

  test('callbacks: order transitions and each number’s steps, signed with the imported secret', async () => {
    // 3 order transitions + 3 numbers × (3 steps + the HOSTING_PROCESS of its end).
    await s.until(
      async () => receiver.received.length,
      (n) => n >= 15,
    );
    const bodies = receiver.received.map((r) => {
      assert.equal(r.headers['x-sinch-signature'], signBody(r.body, SECRET));
      return JSON.parse(r.body);
    });
    const kinds = bodies.map(
      (b) => `${b.eventType}:${b.resourceId === id ? 'order' : b.resourceId}:${b.status}`,
    );
    assert.equal(kinds.filter((k) => k === 'HOSTING_PROCESS:order:SUCCEEDED').length, 3);
    for (const n of NUMBERS) {
      for (const e of [
        'OSR_UPDATE',
        'PROVISIONING_TO_SMS_PLATFORM',
        'LINK_TO_10DLC_CAMPAIGN',
        'HOSTING_PROCESS',
      ]) {
        assert.ok(kinds.includes(`${e}:${n}:SUCCEEDED`), `${e} for ${n}: ${kinds.join(' ')}`);
      }
    }
    for (const b of bodies) {
      assert.equal(b.resourceType, 'HOSTING_ORDER_NUMBER');
      assert.match(b.timestamp, /Z$/);
      assert.equal('failureCode' in b, false);
    }
  });
});
