// Seed 003, workflow A (import a single number) and the imported-numbers half of workflow F
// (list, update with unlink-before-relink, delete), end to end over real HTTP: a Bearer token from
// /oauth2/token, the background worker, time moved by /_sandbox/clock:advance, callbacks received
// by a real receiver and their signatures checked with this API's own secret.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signBody } from '../../../src/domain/callbacks/events.js';
import { type LiveServer, startLiveServer } from '../../helpers/liveServer.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';

const SECRET = 'workflow-a-imported-secret-012345';
const NUMBER = '+12025550134';

let s: LiveServer;
let receiver: Receiver;
before(async () => {
  s = await startLiveServer();
  receiver = await startReceiver('/callback');
});
after(async () => {
  await receiver.close();
  await s.close();
});

/** The callbacks received so far, each verified against X-Sinch-Signature, as "TYPE STATUS". */
function received(): string[] {
  // In the order they were created (monotonic event ids): deliveries may overtake each other.
  return receiver.received
    .map((r) => {
      assert.equal(r.headers['x-sinch-signature'], signBody(r.body, SECRET));
      const event = JSON.parse(r.body);
      assert.equal(event.resourceType, 'IMPORTED_NUMBER');
      assert.equal(event.resourceId, NUMBER);
      return event;
    })
    .sort((a, b) => (a.eventId < b.eventId ? -1 : 1))
    .map((event) => `${event.eventType} ${event.status}`);
}

const getNumber = () => s.api('GET', `${s.imported}/importedNumbers/${NUMBER}`);
const settled = (body: any) =>
  [body.smsProvisioning, body.campaignProvisioning, ...Object.values(body.mnoConfiguration ?? {})]
    .filter(Boolean)
    .every((step: any) => step.state === 'DONE' || step.state === 'FAILED');

describe('workflow A: import a single number', () => {
  test('the signing secret of this API is set first', async () => {
    const res = await s.api('PATCH', `${s.imported}/callbackConfiguration`, { hmacSecret: SECRET });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  });

  test('1. import the number (the seed request as written)', async () => {
    const res = await s.api('POST', `${s.imported}/importedNumbers`, {
      phoneNumber: NUMBER,
      regionCode: 'US',
      displayName: 'My Number',
      smsConfiguration: { servicePlanId: 'SERVICE_PLAN_ID', campaignId: 'CAMPAIGN_ID' },
      callbackUrl: receiver.url,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.smsProvisioning.state, 'WAITING');
    // Importing it again (from any project) is a 409.
    const again = await s.api('POST', `${s.imported}/importedNumbers`, {
      phoneNumber: NUMBER,
      regionCode: 'US',
      smsConfiguration: { servicePlanId: 'SERVICE_PLAN_ID' },
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.status, 'ALREADY_EXISTS');
  });

  test('2. verify: the carrier work finishes with the clock, and the callbacks arrive signed', async () => {
    await s.advance(60);
    const body = (await s.until(getNumber, (res) => settled(res.body))).body;
    assert.equal(body.smsProvisioning.state, 'DONE');
    assert.equal(body.campaignProvisioning.state, 'DONE');
    assert.deepEqual(body.smsConfiguration, {
      servicePlanId: 'SERVICE_PLAN_ID',
      campaignId: 'CAMPAIGN_ID',
      migrateToSinchTmo: false,
    });
    await s.until(
      async () => receiver.received.length,
      (n) => n >= 2,
    );
    assert.deepEqual(received(), [
      'PROVISIONING_TO_SMS_PLATFORM SUCCEEDED',
      'LINK_TO_10DLC_CAMPAIGN SUCCEEDED',
    ]);
  });
});

describe('workflow F: manage the imported number', () => {
  test('list with filters finds it', async () => {
    const res = await s.api(
      'GET',
      `${s.imported}/importedNumbers?regionCode=US&servicePlanId=SERVICE_PLAN_ID&orderBy=createdTime`,
    );
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.importedNumbers.map((n: any) => n.phoneNumber),
      [NUMBER],
    );
    assert.equal(res.body.totalSize, 1);
  });

  test('another plan needs an unlink first; unlink, then link in a later request', async () => {
    const refused = await s.api('PATCH', `${s.imported}/importedNumbers/${NUMBER}`, {
      smsConfiguration: { servicePlanId: 'OTHER_PLAN' },
    });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.details[0].fieldViolations[0].field, 'smsConfiguration.servicePlanId');

    const unlinked = await s.api('PATCH', `${s.imported}/importedNumbers/${NUMBER}`, {
      smsConfiguration: { servicePlanId: '', campaignId: '' },
    });
    assert.equal(unlinked.status, 200, JSON.stringify(unlinked.body));
    await s.advance(60);
    await s.until(getNumber, (res) => settled(res.body));

    const linked = await s.api('PATCH', `${s.imported}/importedNumbers/${NUMBER}`, {
      displayName: 'Renamed',
      smsConfiguration: { servicePlanId: 'OTHER_PLAN' },
    });
    assert.equal(linked.status, 200, JSON.stringify(linked.body));
    await s.advance(60);
    const body = (await s.until(getNumber, (res) => settled(res.body))).body;
    assert.equal(body.displayName, 'Renamed');
    assert.equal(body.smsConfiguration.servicePlanId, 'OTHER_PLAN');
    assert.equal(body.smsProvisioning.state, 'DONE');
  });

  test('delete: 200 with an empty body, the DELETE callback, then 404', async () => {
    const res = await s.api('DELETE', `${s.imported}/importedNumbers/${NUMBER}`);
    assert.equal(res.status, 200);
    assert.equal(res.body, undefined);
    assert.equal((await getNumber()).status, 404);
    await s.until(
      async () => receiver.received.length,
      (n) => n >= 6,
    );
    assert.deepEqual(received(), [
      'PROVISIONING_TO_SMS_PLATFORM SUCCEEDED',
      'LINK_TO_10DLC_CAMPAIGN SUCCEEDED',
      'UNLINK_TO_10DLC_CAMPAIGN SUCCEEDED',
      'DEPROVISIONING_TO_SMS_PLATFORM SUCCEEDED',
      'PROVISIONING_TO_SMS_PLATFORM SUCCEEDED',
      'DELETE SUCCEEDED',
    ]);
  });
});
