import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { NumbersCallbackWebhooks } from '@sinch/sdk-core';
import { assertError, BASE, call, fieldViolations, rent } from '../helpers/api.js';
import { type Receiver, startReceiver } from '../helpers/receiver.js';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../helpers/testApp.js';

const SECRET = 'strong-Pass-Phrase-With-36-Chars-Max';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

let t: TestApp;
let receiver: Receiver;
before(async () => {
  t = await startTestApp({ OPEN_NUMBERS_PROVISIONING_DELAY_SECONDS: '2' });
  receiver = await startReceiver();
});
after(async () => {
  await receiver.close();
  await t.close();
});
beforeEach(() => {
  receiver.received.length = 0;
});

const setSecret = (hmacSecret: unknown) =>
  call(t, { method: 'PATCH', url: `${BASE}/callbackConfiguration`, body: { hmacSecret } });
const setFaults = (faults: object) =>
  t.app.inject({
    method: 'PUT',
    url: '/_sandbox/projects/project-a/callbackFaults',
    headers: admin,
    payload: faults,
  });
async function log(query: string) {
  const res = await t.app.inject({ method: 'GET', url: `/_sandbox/callbacks?${query}`, headers: admin });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().callbacks as any[];
}
const payloads = () => receiver.received.map((r) => JSON.parse(r.body));

describe('callback configuration', () => {
  test('GET before any PATCH → the project with an empty secret', async () => {
    const other = await call(t, {
      method: 'GET',
      url: `/v1/projects/${t.other.projectId}/callbackConfiguration`,
      headers: { authorization: t.other.auth },
    });
    assert.deepEqual(other.body, { projectId: t.other.projectId, hmacSecret: '' });
  });

  test('PATCH stores the secret; GET returns it', async () => {
    assert.deepEqual((await setSecret(SECRET)).body, { projectId: 'project-a', hmacSecret: SECRET });
    assert.deepEqual((await call(t, { method: 'GET', url: `${BASE}/callbackConfiguration` })).body, {
      projectId: 'project-a',
      hmacSecret: SECRET,
    });
  });

  test('a secret is 32 to 64 letters, digits or hyphens: both ends are accepted', async () => {
    for (const value of ['a'.repeat(32), `${'A1-'.repeat(21)}z`]) {
      const res = await setSecret(value);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.hmacSecret, value);
    }
  });

  test('an empty, missing, too short, too long or non-alphanumeric secret → 400 on hmacSecret; the stored one stays', async () => {
    await setSecret(SECRET);
    const cases: [unknown, RegExp][] = [
      ['', /required/],
      [undefined, /required/],
      [42, /./],
      ['x'.repeat(31), /32 to 64 characters long; got 31/],
      ['x'.repeat(65), /32 to 64 characters long; got 65/],
      ['strongPa$$PhraseWith36CharactersMax', /letters \(a-z, A-Z\), digits and hyphens/],
      ['with_underscore_and_32_characters', /letters/],
    ];
    for (const [value, message] of cases) {
      const error = assertError(await setSecret(value), 400, 'INVALID_ARGUMENT');
      assert.deepEqual(fieldViolations(error), ['hmacSecret'], String(value));
      if (typeof value === 'string' && value !== '') {
        assert.match(JSON.stringify(error.details), message, String(value));
      }
    }
    const stored = await call(t, { method: 'GET', url: `${BASE}/callbackConfiguration` });
    assert.equal(stored.body.hmacSecret, SECRET);
  });

  test('401 without credentials, 403 for another project', async () => {
    assertError(
      await call(t, { method: 'GET', url: `${BASE}/callbackConfiguration`, headers: { authorization: '' } }),
      401,
      'UNAUTHENTICATED',
    );
    assertError(
      await call(t, {
        method: 'PATCH',
        url: `${BASE}/callbackConfiguration`,
        body: { hmacSecret: 'x' },
        headers: { authorization: t.other.auth },
      }),
      403,
      'PERMISSION_DENIED',
    );
  });
});

describe('event delivery', () => {
  test('provisioning outcomes reach the callbackUrl, signed so the SDK validator accepts them', async () => {
    await setSecret(SECRET);
    const rented = await rent(t, {
      callbackUrl: receiver.url,
      smsConfiguration: { servicePlanId: 'plan-1' },
      voiceConfiguration: { appId: 'app-1' },
    });
    await t.advance(2);
    const events = payloads();
    assert.deepEqual(events.map((e) => [e.eventType, e.status]).sort(), [
      ['PROVISIONING_TO_SMS_PLATFORM', 'SUCCEEDED'],
      ['PROVISIONING_TO_VOICE_PLATFORM', 'SUCCEEDED'],
    ]);
    for (const event of events) {
      assert.deepEqual(Object.keys(event), [
        'eventId',
        'timestamp',
        'projectId',
        'resourceId',
        'resourceType',
        'eventType',
        'status',
        'failureCode',
      ]);
      assert.match(event.eventId, /^[0-9a-hjkmnp-tv-z]{26}$/);
      assert.match(event.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
      assert.equal(event.resourceId, rented.phoneNumber);
      assert.equal(event.resourceType, 'ACTIVE_NUMBER');
      assert.equal(event.failureCode, null);
    }
    const validator = new NumbersCallbackWebhooks(SECRET);
    for (const request of receiver.received) {
      assert.match(String(request.headers['x-sinch-signature']), /^[0-9a-f]{40}$/);
      assert.equal(validator.validateAuthenticationHeader(request.headers, request.body), true);
      assert.equal(
        new NumbersCallbackWebhooks('another secret').validateAuthenticationHeader(
          request.headers,
          request.body,
        ),
        false,
      );
    }
  });

  test('forced failures carry the contract failure codes', async () => {
    await rent(t, {
      callbackUrl: receiver.url,
      smsConfiguration: { servicePlanId: 'plan-1', campaignId: 'FAIL_CAMPAIGN_MNO_REJECTED' },
      voiceConfiguration: { appId: 'FAIL_voice' },
    });
    await t.advance(2);
    const byType = Object.fromEntries(payloads().map((e) => [e.eventType, e]));
    assert.equal(byType.PROVISIONING_TO_SMS_PLATFORM.status, 'SUCCEEDED');
    assert.equal(byType.PROVISIONING_TO_CAMPAIGN.status, 'FAILED');
    assert.equal(byType.PROVISIONING_TO_CAMPAIGN.failureCode, 'CAMPAIGN_MNO_REJECTED');
    assert.equal(byType.PROVISIONING_TO_CAMPAIGN.internalFailureCode, 'CRS0018');
    assert.equal(byType.PROVISIONING_TO_VOICE_PLATFORM.failureCode, 'PROVISIONING_TO_VOICE_PLATFORM_FAILED');

    receiver.received.length = 0;
    await rent(t, {
      callbackUrl: receiver.url,
      smsConfiguration: { servicePlanId: 'FAIL_INSUFFICIENT_BALANCE' },
    });
    await t.advance(2);
    assert.deepEqual(
      payloads().map((e) => [e.eventType, e.status, e.failureCode]),
      [['PROVISIONING_TO_SMS_PLATFORM', 'FAILED', null]],
      'SMS-platform failures are binary',
    );
  });

  test('unlinking and the end of a release send DEPROVISIONING events', async () => {
    const rented = await rent(t, {
      callbackUrl: receiver.url,
      smsConfiguration: { servicePlanId: 'plan-1' },
      voiceConfiguration: { appId: 'app' },
    });
    await t.advance(2);
    receiver.received.length = 0;
    await call(t, {
      method: 'PATCH',
      url: `${BASE}/activeNumbers/${rented.phoneNumber}`,
      body: { voiceConfiguration: { appId: '' } },
    });
    await t.advance(2);
    assert.deepEqual(
      payloads().map((e) => e.eventType),
      ['DEPROVISIONING_FROM_VOICE_PLATFORM'],
    );
    receiver.received.length = 0;
    const released = await call(t, {
      method: 'POST',
      url: `${BASE}/activeNumbers/${rented.phoneNumber}:release`,
    });
    await t.advance((Date.parse(released.body.expireAt) - t.runtime.deps.clock.now()) / 1000 + 1);
    assert.deepEqual(
      payloads().map((e) => e.eventType),
      ['DEPROVISIONING_FROM_SMS_PLATFORM'],
    );
  });

  test('a number without callbackUrl sends nothing', async () => {
    await rent(t, { smsConfiguration: { servicePlanId: 'plan-1' } });
    await t.advance(2);
    assert.equal(receiver.received.length, 0);
  });

  test('a failing receiver gets the event after retries on the documented schedule; every attempt is logged', async () => {
    receiver.failNext(2, 503);
    const rented = await rent(t, {
      callbackUrl: receiver.url,
      smsConfiguration: { servicePlanId: 'plan-r' },
    });
    await t.advance(2);
    assert.equal(receiver.received.length, 1, 'first attempt failed');
    await t.advance(4);
    assert.equal(receiver.received.length, 1, 'not yet: the first retry is 5 s later');
    await t.advance(1);
    assert.equal(receiver.received.length, 2, 'second attempt, failed again');
    await t.advance(30);
    assert.equal(receiver.received.length, 3, 'third attempt delivered');
    assert.equal(new Set(receiver.received.map((r) => r.body)).size, 1, 'the same bytes every time');

    const [event] = await log(`resourceId=${encodeURIComponent(rented.phoneNumber)}`);
    assert.equal(event.deliveryState, 'DELIVERED');
    assert.equal(event.attempts, 3);
    assert.deepEqual(
      event.deliveries.map((d: any) => [d.attempt, d.responseStatus]),
      [
        [1, 503],
        [2, 503],
        [3, 200],
      ],
    );
    assert.equal(event.deliveries[0].error, 'receiver answered 503');
    assert.equal(event.deliveries[0].requestBody, receiver.received[0]!.body);
    assert.ok(event.deliveries[0].requestHeaders['x-sinch-signature']);
  });

  test('after the last attempt the event is dead, and can be redelivered', async () => {
    receiver.failNext(100, 500);
    const rented = await rent(t, {
      callbackUrl: receiver.url,
      smsConfiguration: { servicePlanId: 'plan-d' },
    });
    await t.advance(2);
    for (let i = 0; i < 10; i++) await t.advance(8 * 3600);
    const [dead] = await log(`resourceId=${encodeURIComponent(rented.phoneNumber)}&status=DEAD`);
    assert.equal(dead.attempts, 10);
    receiver.failNext(0);
    const redeliver = await t.app.inject({
      method: 'POST',
      url: `/_sandbox/callbacks/${dead.eventId}:redeliver`,
      headers: admin,
    });
    assert.deepEqual(redeliver.json(), { eventId: dead.eventId, deliveryState: 'PENDING' });
    await t.runtime.worker.runDue();
    const [delivered] = await log(`resourceId=${encodeURIComponent(rented.phoneNumber)}`);
    assert.equal(delivered.deliveryState, 'DELIVERED');
    assert.equal(delivered.attempts, 11);
  });

  test('the log filters by project, event type and status; unknown events → 404', async () => {
    assert.ok((await log('projectId=project-a')).length > 0);
    assert.equal((await log('projectId=project-b')).length, 0);
    assert.ok(
      (await log('eventType=PROVISIONING_TO_CAMPAIGN')).every(
        (e) => e.eventType === 'PROVISIONING_TO_CAMPAIGN',
      ),
    );
    const bad = await t.app.inject({ method: 'GET', url: '/_sandbox/callbacks?status=LOST', headers: admin });
    assert.equal(bad.statusCode, 400);
    const missing = await t.app.inject({
      method: 'POST',
      url: '/_sandbox/callbacks/nope:redeliver',
      headers: admin,
    });
    assert.equal(missing.statusCode, 404);
    assert.equal((await t.app.inject({ method: 'GET', url: '/_sandbox/callbacks' })).statusCode, 401);
  });

  test('a restart in the middle of retries loses nothing', async () => {
    receiver.failNext(1, 503);
    const rented = await rent(t, {
      callbackUrl: receiver.url,
      smsConfiguration: { servicePlanId: 'plan-restart' },
    });
    await t.advance(2);
    assert.equal(receiver.received.length, 1);
    await t.close({ keepData: true });
    t = await startTestApp({ OPEN_NUMBERS_PROVISIONING_DELAY_SECONDS: '2' }, t.storage);
    await t.advance(5);
    assert.equal(receiver.received.length, 2);
    const [event] = await log(`resourceId=${encodeURIComponent(rented.phoneNumber)}`);
    assert.equal(event.deliveryState, 'DELIVERED');
  });
});

describe('adversarial delivery modes (sandbox)', () => {
  after(() => setFaults({}));

  test('duplicate delivers every event twice, byte for byte', async () => {
    await setFaults({ duplicate: true });
    await rent(t, { callbackUrl: receiver.url, smsConfiguration: { servicePlanId: 'plan-dup' } });
    await t.advance(2);
    assert.equal(receiver.received.length, 2);
    assert.equal(receiver.received[0]!.body, receiver.received[1]!.body);
  });

  test('wrongSignature makes the SDK validator reject the signature', async () => {
    await setFaults({ wrongSignature: true });
    await rent(t, { callbackUrl: receiver.url, smsConfiguration: { servicePlanId: 'plan-sig' } });
    await t.advance(2);
    assert.equal(receiver.received.length, 1);
    const { headers, body } = receiver.received[0]!;
    assert.equal(new NumbersCallbackWebhooks(SECRET).validateAuthenticationHeader(headers, body), false);
  });

  test('delaySeconds holds delivery back', async () => {
    await setFaults({ delaySeconds: 60 });
    await rent(t, { callbackUrl: receiver.url, smsConfiguration: { servicePlanId: 'plan-delay' } });
    await t.advance(2);
    assert.equal(receiver.received.length, 0);
    await t.advance(60);
    assert.equal(receiver.received.length, 1);
  });

  test('outOfOrder delivers events in another order than they happened', async () => {
    await setFaults({ outOfOrder: true });
    for (let i = 0; i < 8; i++)
      await rent(t, { callbackUrl: receiver.url, smsConfiguration: { servicePlanId: `plan-o${i}` } });
    await t.advance(2);
    for (let i = 0; i < 4; i++) await t.advance(1);
    const ids = payloads().map((e) => e.eventId);
    assert.equal(ids.length, 8);
    assert.notDeepEqual(ids, [...ids].sort(), 'the receiver sees them out of creation order');
  });

  test('faults: unknown project → 404, bad values → 400, GET echoes', async () => {
    const missing = await t.app.inject({
      method: 'PUT',
      url: '/_sandbox/projects/nope/callbackFaults',
      headers: admin,
      payload: {},
    });
    assert.equal(missing.statusCode, 404);
    assert.equal((await setFaults({ delaySeconds: -1 })).statusCode, 400);
    await setFaults({ duplicate: true });
    const got = await t.app.inject({
      method: 'GET',
      url: '/_sandbox/projects/project-a/callbackFaults',
      headers: admin,
    });
    assert.deepEqual(got.json(), {
      duplicate: true,
      outOfOrder: false,
      wrongSignature: false,
      delaySeconds: 0,
    });
  });
});

describe('SSRF guard (operator mode)', () => {
  test('a callback to loopback is refused and dead at once, unless allow-listed', async () => {
    for (const [allow, expected] of [
      ['', 'DEAD'],
      ['127.0.0.1', 'DELIVERED'],
    ] as const) {
      const operator = await startTestApp({
        OPEN_NUMBERS_MODE: 'operator',
        OPEN_NUMBERS_PROVISIONING_DELAY_SECONDS: '0',
        OPEN_NUMBERS_CALLBACK_ALLOWLIST: allow,
      });
      try {
        await rent(operator, { callbackUrl: receiver.url, smsConfiguration: { servicePlanId: 'plan' } });
        await operator.runtime.worker.runDue();
        const [event] = await operator.runtime.store.callbacks.listEvents({ limit: 1 });
        assert.equal(event?.state, expected, `allow-list "${allow}"`);
        if (expected === 'DEAD')
          assert.match(event!.deliveries[0]!.error, /refused: 127\.0\.0\.1 is an internal address/);
      } finally {
        await operator.close();
      }
    }
  });
});
