// Seed 003, workflow F (manage numbers and verification), end to end over real HTTP: imported
// numbers listed, updated with the unlink-before-relink rule and deleted (with their signed
// callbacks); qualified numbers listed (states required), read, voice-challenged and deleted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  carrierWorkSettled,
  type LiveServer,
  signedEvents,
  startLiveServer,
} from '../../helpers/liveServer.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';

const SECRET = 'workflow-f-imported-secret-012345';
const IMPORTED = '+12065550134';
const QUALIFIED = '+14165550188';

let s: LiveServer;
let receiver: Receiver;
before(async () => {
  s = await startLiveServer();
  receiver = await startReceiver('/callback');
  assert.equal(
    (await s.api('PATCH', `${s.imported}/callbackConfiguration`, { hmacSecret: SECRET })).status,
    200,
  );
});
after(async () => {
  await receiver.close();
  await s.close();
});

/** The callbacks received so far, verified, in creation order, as "TYPE STATUS". */
const received = () =>
  signedEvents(receiver.received, SECRET).map((event) => `${event.eventType} ${event.status}`);

const getImported = () => s.api('GET', `${s.imported}/importedNumbers/${IMPORTED}`);

describe('workflow F: imported numbers', () => {
  test('an imported number to manage', async () => {
    const res = await s.api('POST', `${s.imported}/importedNumbers`, {
      phoneNumber: IMPORTED,
      regionCode: 'US',
      smsConfiguration: { servicePlanId: 'SERVICE_PLAN_ID', campaignId: 'CAMPAIGN_ID' },
      callbackUrl: receiver.url,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    await s.advance(60);
    await s.until(getImported, (r) => carrierWorkSettled(r.body));
  });

  test('list with filters finds it', async () => {
    const res = await s.api(
      'GET',
      `${s.imported}/importedNumbers?regionCode=US&servicePlanId=SERVICE_PLAN_ID&orderBy=createdTime`,
    );
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.importedNumbers.map((n: any) => n.phoneNumber),
      [IMPORTED],
    );
    assert.equal(res.body.totalSize, 1);
  });

  test('another plan needs an unlink first; unlink, then link in a later request', async () => {
    const refused = await s.api('PATCH', `${s.imported}/importedNumbers/${IMPORTED}`, {
      smsConfiguration: { servicePlanId: 'OTHER_PLAN' },
    });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.details[0].fieldViolations[0].field, 'smsConfiguration.servicePlanId');

    const unlinked = await s.api('PATCH', `${s.imported}/importedNumbers/${IMPORTED}`, {
      smsConfiguration: { servicePlanId: '', campaignId: '' },
    });
    assert.equal(unlinked.status, 200, JSON.stringify(unlinked.body));
    await s.advance(60);
    await s.until(getImported, (r) => carrierWorkSettled(r.body));

    const linked = await s.api('PATCH', `${s.imported}/importedNumbers/${IMPORTED}`, {
      displayName: 'Renamed',
      smsConfiguration: { servicePlanId: 'OTHER_PLAN' },
    });
    assert.equal(linked.status, 200, JSON.stringify(linked.body));
    await s.advance(60);
    const body = (await s.until(getImported, (r) => carrierWorkSettled(r.body))).body;
    assert.equal(body.displayName, 'Renamed');
    assert.equal(body.smsConfiguration.servicePlanId, 'OTHER_PLAN');
    assert.equal(body.smsProvisioning.state, 'DONE');
  });

  test('delete: 200 with an empty body, the DELETE callback, then 404', async () => {
    const res = await s.api('DELETE', `${s.imported}/importedNumbers/${IMPORTED}`);
    assert.equal(res.status, 200);
    assert.equal(res.body, undefined);
    assert.equal((await getImported()).status, 404);
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

describe('workflow F: qualified numbers and the voice challenge', () => {
  const getQualified = () => s.api('GET', `${s.imported}/qualifiedNumbers/${QUALIFIED}`);

  test('list needs states; the eligible number is listed with them', async () => {
    assert.equal(
      (await s.api('POST', `${s.imported}/qualifiedNumbers:addNumbers`, { phoneNumbers: [QUALIFIED] }))
        .status,
      200,
    );
    await s.advance(61);
    await s.until(getQualified, (r) => r.body.globalProcessState === 'GLOBAL_PROCESS_STATE_ELIGIBLE');
    const missing = await s.api('GET', `${s.imported}/qualifiedNumbers`);
    assert.equal(missing.status, 400);
    assert.equal(missing.body.details[0].fieldViolations[0].field, 'states');
    const listed = await s.api('GET', `${s.imported}/qualifiedNumbers?states=ELIGIBLE&regionCode=CA`);
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.qualifiedNumbers.map((n: any) => [n.phoneNumber, n.regionCode]),
      [[QUALIFIED, 'CA']],
    );
  });

  test('send the voice challenge, hear the code, verify it', async () => {
    const sent = await s.api('POST', `${s.imported}/qualifiedNumbers/${QUALIFIED}:sendVoiceChallenge`);
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(sent.body.globalProcessState, 'GLOBAL_PROCESS_STATE_VERIFICATION_PENDING');
    const calls = await s.admin('GET', `/_sandbox/voiceCalls?phoneNumber=${encodeURIComponent(QUALIFIED)}`);
    const code = calls.body.voiceCalls[0].code;
    const verified = await s.api('POST', `${s.imported}/qualifiedNumbers/${QUALIFIED}:verifyVoiceChallenge`, {
      code,
    });
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    assert.equal(verified.body.globalProcessState, 'GLOBAL_PROCESS_STATE_VERIFIED');
    assert.deepEqual(verified.body.ownershipVerification, { status: 'DONE', error: '' });
  });

  test('delete: 200 with an empty body, then 404', async () => {
    const res = await s.api('DELETE', `${s.imported}/qualifiedNumbers/${QUALIFIED}`);
    assert.equal(res.status, 200);
    assert.equal(res.body, undefined);
    assert.equal((await getQualified()).status, 404);
  });
});
