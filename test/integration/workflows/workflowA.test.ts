// Seed 003, workflow A (import a single number), end to end over real HTTP: a Bearer token from
// /oauth2/token, the background worker, time moved by /_sandbox/clock:advance, callbacks received
// by a real receiver and their signatures checked with this API's own secret.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  carrierWorkSettled,
  type LiveServer,
  signedEvents,
  startLiveServer,
} from '../../helpers/liveServer.js';
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

/** The callbacks received so far, verified, in creation order, as "TYPE STATUS". */
function received(): string[] {
  return signedEvents(receiver.received, SECRET).map((event) => {
    assert.equal(event.resourceType, 'IMPORTED_NUMBER');
    assert.equal(event.resourceId, NUMBER);
    return `${event.eventType} ${event.status}`;
  });
}

const getNumber = () => s.api('GET', `${s.imported}/importedNumbers/${NUMBER}`);

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
    const body = (await s.until(getNumber, (res) => carrierWorkSettled(res.body))).body;
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
