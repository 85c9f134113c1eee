/**
 * Callback configuration and number events through the official Node SDK (contract §3.11, §8):
 * `sinch.numbers.callbacks.get/update`, then real webhooks delivered to a receiver on loopback and
 * checked with the SDK's own `NumbersCallbackWebhooks` (signature validator and `parseEvent`).
 * Delivery and retries follow the sandbox clock: every wait advances the clock, then polls.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type Numbers as Models, NumbersCallbackWebhooks } from '@sinch/sdk-core';
import { advanceClock, type Credentials, createProject, type Numbers, sdkError, sdkFor } from './client.js';
import { type RecordingProxy, startRecordingProxy } from './proxy.js';
import { type ReceivedRequest, startWebhookReceiver, type WebhookReceiver } from './receiver.js';
import { ADMIN_TOKEN, CREDENTIALS, type RunningServer, startServer, waitFor } from './server.js';

/** The compat server provisions 2 clock-seconds after a change; one advance is enough. */
const PAST_PROVISIONING_SECONDS = 3;
const WAIT = { timeoutMs: 10_000 };
/**
 * The Sinch mock's default secret, 36 characters: the longest one allowed (contract §3.11). (The
 * mocks' other secret, `strongPa$$PhraseWith36CharactersMax`, is 35 characters despite its name.)
 */
const SECRET = '0default-pass-word-max-36-characters';
const UNSIGNED_PROJECT = 'compat-unsigned-project';

const EVENT_KEYS = [
  'eventId',
  'timestamp',
  'projectId',
  'resourceId',
  'resourceType',
  'eventType',
  'status',
  'failureCode',
];
/** A lowercase ULID, as in the contract's example `01hpa0mww4m79q8j2dwn3ggbgz`. */
const ULID = /^[0-7][0-9a-hjkmnp-tv-z]{25}$/;
/** Callback timestamps carry no zone designator (contract §1.4). */
const ZONELESS_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?$/;

interface Delivery {
  attempt: number;
  time: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  responseStatus: number | null;
  latencyMs: number;
  error: string;
}
interface LoggedEvent {
  eventId: string;
  projectId: string;
  resourceType: string;
  resourceId: string;
  eventType: string;
  status: string;
  url: string;
  deliveryState: 'PENDING' | 'DELIVERED' | 'DEAD';
  attempts: number;
  createTime: string;
  updateTime: string;
  payload: Record<string, unknown>;
  deliveries: Delivery[];
}

let server: RunningServer;
let proxy: RecordingProxy;
let numbers: Numbers;
let receiver: WebhookReceiver;

before(async () => {
  server = await startServer();
  proxy = await startRecordingProxy(server.baseUrl);
  numbers = sdkFor(proxy);
  receiver = await startWebhookReceiver();
});

after(async () => {
  await receiver?.close();
  await proxy?.close();
  await server?.dispose();
});

const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

/** `GET /_sandbox/callbacks` with the given filters. */
async function callbackLog(filter: Record<string, string>): Promise<LoggedEvent[]> {
  const response = await fetch(`${server.baseUrl}/_sandbox/callbacks?${new URLSearchParams(filter)}`, {
    headers: admin,
  });
  assert.equal(response.status, 200, await response.clone().text());
  return ((await response.json()) as { callbacks: LoggedEvent[] }).callbacks;
}

/** The one logged event for this number and type, once `ready` holds for it. */
async function loggedEvent(
  resourceId: string,
  eventType: string,
  ready: (event: LoggedEvent) => boolean,
  description: string,
): Promise<LoggedEvent> {
  return waitFor(
    async () => {
      const events = await callbackLog({ resourceId, eventType });
      assert.ok(events.length <= 1, `one ${eventType} event for ${resourceId}, got ${events.length}`);
      return events.length === 1 && ready(events[0]) ? events[0] : undefined;
    },
    { ...WAIT, description },
  );
}

async function setFaults(projectId: string, faults: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${server.baseUrl}/_sandbox/projects/${projectId}/callbackFaults`, {
    method: 'PUT',
    headers: admin,
    body: JSON.stringify(faults),
  });
  assert.equal(response.status, 200, await response.text());
}

/** Rents a US LOCAL number whose events go to `receiver` (under `path`). */
async function rentWithCallback(
  client: Numbers,
  configuration: Omit<Models.RentAnyNumberRequest, 'regionCode' | 'type' | 'callbackUrl'>,
  path = '',
): Promise<Models.ActiveNumber> {
  return client.rentAny({
    rentAnyNumberRequestBody: {
      regionCode: 'US',
      type: 'LOCAL',
      callbackUrl: `${receiver.url}${path}`,
      ...configuration,
    },
  });
}

/** Waits until the receiver got `count` requests for this number and event type. */
async function received(resourceId: string, eventType: string, count = 1): Promise<ReceivedRequest[]> {
  return waitFor(
    () => {
      const requests = receiver.eventsFor(resourceId, eventType);
      return requests.length >= count ? requests : undefined;
    },
    { ...WAIT, description: `${count} ${eventType} callback(s) for ${resourceId}` },
  );
}

function header(request: ReceivedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

describe('callbacks.get / callbacks.update', () => {
  it('get answers the projectId and an empty hmacSecret before one is set', async () => {
    const configuration = await numbers.callbacks.get({});
    assert.deepEqual(configuration, { projectId: CREDENTIALS.projectId, hmacSecret: '' });
    assert.ok(
      proxy.exchanges.at(-1)!.url.endsWith(`/v1/projects/${CREDENTIALS.projectId}/callbackConfiguration`),
    );
  });

  it('update stores a 36-character secret (PATCH {hmacSecret}) and get returns it', async () => {
    const updated = await numbers.callbacks.update({
      updateCallbackConfigurationRequestBody: { hmacSecret: SECRET },
    });
    const sent = proxy.exchanges.at(-1)!;
    assert.equal(sent.method, 'PATCH');
    assert.ok(sent.url.endsWith('/callbackConfiguration'));
    assert.equal(sent.requestBody, JSON.stringify({ hmacSecret: SECRET }));
    assert.deepEqual(Object.keys(updated), ['projectId', 'hmacSecret']);
    assert.deepEqual(updated, { projectId: CREDENTIALS.projectId, hmacSecret: SECRET });
    assert.deepEqual(await numbers.callbacks.get({}), updated);
  });

  it('a 65-character secret is 400 INVALID_ARGUMENT on hmacSecret and the old secret stays', async () => {
    const failure = await sdkError(
      numbers.callbacks.update({ updateCallbackConfigurationRequestBody: { hmacSecret: 'x'.repeat(65) } }),
    );
    assert.equal(failure.statusCode, 400);
    assert.equal(failure.body.error.code, 400);
    assert.equal(failure.body.error.status, 'INVALID_ARGUMENT');
    const violations = failure.body.error.details.flatMap(
      (d) => (d.fieldViolations as Array<{ field: string }> | undefined) ?? [],
    );
    assert.deepEqual(
      violations.map((v) => v.field),
      ['hmacSecret'],
    );
    assert.deepEqual(await numbers.callbacks.get({}), {
      projectId: CREDENTIALS.projectId,
      hmacSecret: SECRET,
    });
  });

  it('an empty secret, or one with characters other than letters, digits and hyphens, is refused with 400 as well', async () => {
    const failure = await sdkError(
      numbers.callbacks.update({ updateCallbackConfigurationRequestBody: { hmacSecret: '' } }),
    );
    assert.equal(failure.statusCode, 400);
    const symbols = await sdkError(
      numbers.callbacks.update({
        updateCallbackConfigurationRequestBody: { hmacSecret: 'strongPa$$PhraseWith36CharactersMax' },
      }),
    );
    assert.equal(symbols.statusCode, 400);
    assert.equal((await numbers.callbacks.get({})).hmacSecret, SECRET);
  });
});

describe('webhooks checked with the SDK (NumbersCallbackWebhooks)', () => {
  const webhooks = new NumbersCallbackWebhooks(SECRET);

  it('provisioning to the SMS platform POSTs a signed event the SDK validates and parses', async () => {
    const rented = await rentWithCallback(
      numbers,
      { smsConfiguration: { servicePlanId: 'plan-hooks' } },
      '/round-trip',
    );
    const phoneNumber = rented.phoneNumber!;
    const scheduledAt = rented.smsConfiguration!.scheduledProvisioning!.lastUpdatedTime!;
    assert.equal(receiver.eventsFor(phoneNumber).length, 0, 'nothing is sent before provisioning completes');

    await advanceClock(server, PAST_PROVISIONING_SECONDS);
    const [request] = await received(phoneNumber, 'PROVISIONING_TO_SMS_PLATFORM');

    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/hooks/numbers/round-trip');
    assert.match(header(request, 'content-type')!, /^application\/json/);
    assert.match(header(request, 'x-sinch-signature')!, /^[0-9a-f]{40}$/);
    assert.equal(
      header(request, 'x-sinch-signature'),
      createHmac('sha1', SECRET).update(request.rawBody).digest('hex'),
    );
    // The SDK's validator: the raw body with the right secret passes, anything else fails.
    assert.equal(webhooks.validateAuthenticationHeader(request.headers, request.rawBody), true);
    assert.equal(
      new NumbersCallbackWebhooks('another-secret').validateAuthenticationHeader(
        request.headers,
        request.rawBody,
      ),
      false,
    );
    assert.equal(webhooks.validateAuthenticationHeader(request.headers, `${request.rawBody} `), false);

    const raw = JSON.parse(request.rawBody) as Record<string, unknown>;
    assert.deepEqual(Object.keys(raw), EVENT_KEYS);
    assert.match(String(raw.eventId), ULID);
    assert.match(String(raw.timestamp), ZONELESS_TIMESTAMP);
    assert.deepEqual(
      { ...raw, eventId: undefined, timestamp: undefined },
      {
        eventId: undefined,
        timestamp: undefined,
        projectId: CREDENTIALS.projectId,
        resourceId: phoneNumber,
        resourceType: 'ACTIVE_NUMBER',
        eventType: 'PROVISIONING_TO_SMS_PLATFORM',
        status: 'SUCCEEDED',
        failureCode: null,
      },
    );

    // parseEvent appends the missing "Z" and revives the timestamp as a Date; the rest is as sent.
    const parsed = webhooks.parseEvent(request.rawBody);
    assert.ok(parsed.timestamp instanceof Date);
    assert.equal(parsed.timestamp.getTime(), new Date(`${raw.timestamp}Z`).getTime());
    assert.ok(!Number.isNaN(parsed.timestamp.getTime()));
    assert.deepEqual({ ...parsed, timestamp: raw.timestamp }, raw);
    // The event happens on the sandbox clock, after the provisioning delay.
    assert.ok(
      parsed.timestamp.getTime() >= scheduledAt.getTime() + 2000 - 1,
      `${raw.timestamp} vs ${scheduledAt.toISOString()}`,
    );

    // The number itself shows the promoted plan; the log holds exactly that delivery.
    assert.equal((await numbers.get({ phoneNumber })).smsConfiguration!.servicePlanId, 'plan-hooks');
    const logged = await loggedEvent(
      phoneNumber,
      'PROVISIONING_TO_SMS_PLATFORM',
      (e) => e.deliveryState === 'DELIVERED',
      'the delivered event in the log',
    );
    assert.equal(logged.eventId, raw.eventId);
    assert.equal(logged.url, `${receiver.url}/round-trip`);
    assert.deepEqual(logged.payload, raw);
    assert.equal(logged.attempts, 1);
    assert.equal(logged.deliveries[0].requestBody, request.rawBody);
    assert.equal(logged.deliveries[0].responseStatus, 200);
  });

  it('a receiver answering 503 twice gets the event on the third attempt, 5 s and 30 s of clock later', async () => {
    const rented = await rentWithCallback(
      numbers,
      { smsConfiguration: { servicePlanId: 'plan-retry' } },
      '/retry',
    );
    const phoneNumber = rented.phoneNumber!;
    receiver.answerNext(503, 503);
    const eventType = 'PROVISIONING_TO_SMS_PLATFORM';
    const attempted = (n: number) => (e: LoggedEvent) => e.deliveries.length >= n;

    await advanceClock(server, PAST_PROVISIONING_SECONDS);
    await received(phoneNumber, eventType, 1);
    // The retry is scheduled from the failed attempt: wait until it is recorded before moving on.
    let logged = await loggedEvent(phoneNumber, eventType, attempted(1), 'attempt 1 recorded');
    assert.equal(logged.deliveryState, 'PENDING');

    // 4 s of clock is not enough. Proving that nothing happens needs a pause: a few worker polls.
    await advanceClock(server, 4);
    await new Promise((done) => setTimeout(done, 300));
    assert.equal(receiver.eventsFor(phoneNumber, eventType).length, 1, 'no retry before 5 s of clock');

    await advanceClock(server, 1);
    await received(phoneNumber, eventType, 2);
    logged = await loggedEvent(phoneNumber, eventType, attempted(2), 'attempt 2 recorded');
    assert.equal(logged.deliveryState, 'PENDING');

    await advanceClock(server, 30);
    const requests = await received(phoneNumber, eventType, 3);
    logged = await loggedEvent(
      phoneNumber,
      eventType,
      (e) => e.deliveryState === 'DELIVERED',
      'the event delivered',
    );

    assert.deepEqual(
      requests.map((r) => r.answeredWith),
      [503, 503, 200],
    );
    // Every attempt carries the same body and signature, and each one validates.
    assert.equal(new Set(requests.map((r) => r.rawBody)).size, 1);
    assert.equal(new Set(requests.map((r) => header(r, 'x-sinch-signature'))).size, 1);
    for (const r of requests) assert.equal(webhooks.validateAuthenticationHeader(r.headers, r.rawBody), true);

    assert.equal(logged.attempts, 3);
    assert.deepEqual(
      logged.deliveries.map((d) => [d.attempt, d.responseStatus]),
      [
        [1, 503],
        [2, 503],
        [3, 200],
      ],
    );
    for (const d of logged.deliveries) {
      assert.equal(d.requestBody, requests[0].rawBody);
      assert.equal(d.requestHeaders['x-sinch-signature'], header(requests[0], 'x-sinch-signature'));
    }
    const times = logged.deliveries.map((d) => Date.parse(d.time));
    assert.ok(
      times[1] - times[0] >= 5000,
      `attempt 2 ${logged.deliveries[1].time} ≥ 5 s after ${logged.deliveries[0].time}`,
    );
    assert.ok(
      times[2] - times[1] >= 30_000,
      `attempt 3 ${logged.deliveries[2].time} ≥ 30 s after ${logged.deliveries[1].time}`,
    );
    assert.equal(logged.payload.eventId, JSON.parse(requests[0].rawBody).eventId);
  });

  it('after 10 failed attempts the event is DEAD; redeliver sends it again', async () => {
    const rented = await rentWithCallback(
      numbers,
      { voiceConfiguration: { type: 'RTC', appId: 'app-dead' } },
      '/dead',
    );
    const phoneNumber = rented.phoneNumber!;
    const eventType = 'PROVISIONING_TO_VOICE_PLATFORM';
    receiver.answerNext(...Array(10).fill(500));

    await advanceClock(server, PAST_PROVISIONING_SECONDS);
    // The documented back-off: 5 s, 30 s, 2 min, … of clock time after each failed attempt.
    for (const [index, delay] of [5, 30, 120, 600, 1800, 3600, 7200, 14400, 28800].entries()) {
      await loggedEvent(
        phoneNumber,
        eventType,
        (e) => e.deliveries.length === index + 1,
        `attempt ${index + 1} recorded`,
      );
      await advanceClock(server, delay);
    }
    const dead = await loggedEvent(
      phoneNumber,
      eventType,
      (e) => e.deliveryState === 'DEAD',
      'the event dead',
    );
    assert.equal(dead.attempts, 10);
    assert.deepEqual(
      dead.deliveries.map((d) => d.responseStatus),
      Array(10).fill(500),
    );
    assert.equal(receiver.eventsFor(phoneNumber, eventType).length, 10);
    assert.ok(
      (await callbackLog({ resourceId: phoneNumber, status: 'DEAD' })).some(
        (e) => e.eventId === dead.eventId,
      ),
    );

    const redeliver = await fetch(`${server.baseUrl}/_sandbox/callbacks/${dead.eventId}:redeliver`, {
      method: 'POST',
      headers: { authorization: admin.authorization },
    });
    assert.equal(redeliver.status, 200, await redeliver.clone().text());
    assert.deepEqual(await redeliver.json(), { eventId: dead.eventId, deliveryState: 'PENDING' });
    const requests = await received(phoneNumber, eventType, 11);
    assert.equal(requests[10].answeredWith, 200);
    assert.equal(requests[10].rawBody, requests[0].rawBody);
    const delivered = await loggedEvent(
      phoneNumber,
      eventType,
      (e) => e.deliveryState === 'DELIVERED',
      'the redelivered event',
    );
    assert.equal(delivered.deliveries.at(-1)!.responseStatus, 200);
  });

  it('with the wrongSignature fault the header is still there but the SDK validator rejects it', async () => {
    await setFaults(CREDENTIALS.projectId, { wrongSignature: true });
    try {
      const rented = await rentWithCallback(
        numbers,
        { smsConfiguration: { servicePlanId: 'plan-forged' } },
        '/forged',
      );
      await advanceClock(server, PAST_PROVISIONING_SECONDS);
      const [request] = await received(rented.phoneNumber!, 'PROVISIONING_TO_SMS_PLATFORM');
      assert.match(header(request, 'x-sinch-signature')!, /^[0-9a-f]{40}$/);
      assert.equal(webhooks.validateAuthenticationHeader(request.headers, request.rawBody), false);
      // The event itself is intact.
      const parsed = webhooks.parseEvent(request.rawBody);
      assert.equal(parsed.resourceId, rented.phoneNumber);
      assert.equal(parsed.status, 'SUCCEEDED');
    } finally {
      await setFaults(CREDENTIALS.projectId, {});
    }
  });

  it('with the duplicate fault the receiver gets the same signed event twice (same eventId)', async () => {
    await setFaults(CREDENTIALS.projectId, { duplicate: true });
    try {
      const rented = await rentWithCallback(
        numbers,
        { smsConfiguration: { servicePlanId: 'plan-twice' } },
        '/twice',
      );
      await advanceClock(server, PAST_PROVISIONING_SECONDS);
      const requests = await received(rented.phoneNumber!, 'PROVISIONING_TO_SMS_PLATFORM', 2);
      assert.equal(requests.length, 2);
      assert.equal(requests[1].rawBody, requests[0].rawBody);
      for (const r of requests)
        assert.equal(webhooks.validateAuthenticationHeader(r.headers, r.rawBody), true);
      const logged = await loggedEvent(
        rented.phoneNumber!,
        'PROVISIONING_TO_SMS_PLATFORM',
        (e) => e.deliveries.length === 2,
        'both copies logged',
      );
      assert.equal(logged.deliveryState, 'DELIVERED');
    } finally {
      await setFaults(CREDENTIALS.projectId, {});
    }
  });

  it('with the delaySeconds fault the event waits that long on the clock', async () => {
    await setFaults(CREDENTIALS.projectId, { delaySeconds: 60 });
    try {
      const rented = await rentWithCallback(
        numbers,
        { smsConfiguration: { servicePlanId: 'plan-late' } },
        '/late',
      );
      const phoneNumber = rented.phoneNumber!;
      await advanceClock(server, PAST_PROVISIONING_SECONDS);
      // The event exists (the number is provisioned) but is held back.
      const pending = await loggedEvent(
        phoneNumber,
        'PROVISIONING_TO_SMS_PLATFORM',
        (e) => e.deliveryState === 'PENDING',
        'the held event in the log',
      );
      assert.equal(pending.attempts, 0);
      await new Promise((done) => setTimeout(done, 300)); // a few worker polls: still nothing
      assert.equal(receiver.eventsFor(phoneNumber).length, 0, 'nothing before the delay');
      await advanceClock(server, 60);
      await received(phoneNumber, 'PROVISIONING_TO_SMS_PLATFORM');
    } finally {
      await setFaults(CREDENTIALS.projectId, {});
    }
  });

  it('a project without a secret gets unsigned callbacks (no X-Sinch-Signature header)', async () => {
    const credentials: Credentials = await createProject(server, UNSIGNED_PROJECT);
    const unsigned = sdkFor(server, credentials);
    assert.deepEqual(await unsigned.callbacks.get({}), { projectId: UNSIGNED_PROJECT, hmacSecret: '' });

    const rented = await rentWithCallback(
      unsigned,
      { smsConfiguration: { servicePlanId: 'plan-unsigned' } },
      '/unsigned',
    );
    await advanceClock(server, PAST_PROVISIONING_SECONDS);
    const [request] = await received(rented.phoneNumber!, 'PROVISIONING_TO_SMS_PLATFORM');
    assert.equal(request.headers['x-sinch-signature'], undefined);
    // The SDK validator treats a missing header as invalid, whatever the secret.
    assert.equal(webhooks.validateAuthenticationHeader(request.headers, request.rawBody), false);
    assert.equal(
      new NumbersCallbackWebhooks('').validateAuthenticationHeader(request.headers, request.rawBody),
      false,
    );
    const parsed = NumbersCallbackWebhooks.parseEvent(request.rawBody);
    assert.equal(parsed.projectId, UNSIGNED_PROJECT);
    assert.equal(parsed.status, 'SUCCEEDED');
  });
});

describe('event types and failures as the SDK parses them', () => {
  const webhooks = new NumbersCallbackWebhooks(SECRET);

  /** The single event of this type for this number, validated and parsed by the SDK. */
  async function event(
    phoneNumber: string,
    eventType: string,
  ): Promise<Models.CallbackPayload & Record<string, unknown>> {
    const [request] = await received(phoneNumber, eventType);
    assert.equal(webhooks.validateAuthenticationHeader(request.headers, request.rawBody), true);
    return webhooks.parseEvent(request.rawBody) as Models.CallbackPayload & Record<string, unknown>;
  }

  it('SMS, campaign and voice provisioning each send their own event', async () => {
    const rented = await rentWithCallback(numbers, {
      smsConfiguration: { servicePlanId: 'plan-all', campaignId: 'campaign-all' },
      voiceConfiguration: { type: 'RTC', appId: 'app-all' },
    });
    const phoneNumber = rented.phoneNumber!;
    await advanceClock(server, PAST_PROVISIONING_SECONDS);
    for (const eventType of [
      'PROVISIONING_TO_SMS_PLATFORM',
      'PROVISIONING_TO_CAMPAIGN',
      'PROVISIONING_TO_VOICE_PLATFORM',
    ]) {
      const parsed = await event(phoneNumber, eventType);
      assert.equal(parsed.status, 'SUCCEEDED', eventType);
      assert.equal(parsed.failureCode, null, eventType);
      assert.equal(parsed.resourceType, 'ACTIVE_NUMBER');
    }
  });

  it('a failing service plan is SMS FAILED with failureCode null', async () => {
    const rented = await rentWithCallback(numbers, { smsConfiguration: { servicePlanId: 'FAIL_plan' } });
    await advanceClock(server, PAST_PROVISIONING_SECONDS);
    const parsed = await event(rented.phoneNumber!, 'PROVISIONING_TO_SMS_PLATFORM');
    assert.equal(parsed.status, 'FAILED');
    assert.equal(parsed.failureCode, null);
  });

  it('a failing campaign is PROVISIONING_TO_CAMPAIGN FAILED with the failure code', async () => {
    const rented = await rentWithCallback(numbers, {
      smsConfiguration: { servicePlanId: 'plan-campaign', campaignId: 'FAIL_CAMPAIGN_NOT_AVAILABLE' },
    });
    await advanceClock(server, PAST_PROVISIONING_SECONDS);
    const parsed = await event(rented.phoneNumber!, 'PROVISIONING_TO_CAMPAIGN');
    assert.equal(parsed.status, 'FAILED');
    assert.equal(parsed.failureCode, 'CAMPAIGN_NOT_AVAILABLE');
    assert.equal(typeof parsed.internalFailureCode, 'string');
  });

  it('a failing voice app is PROVISIONING_TO_VOICE_PLATFORM FAILED with PROVISIONING_TO_VOICE_PLATFORM_FAILED', async () => {
    const rented = await rentWithCallback(numbers, {
      voiceConfiguration: { type: 'RTC', appId: 'FAIL_app' },
    });
    await advanceClock(server, PAST_PROVISIONING_SECONDS);
    const parsed = await event(rented.phoneNumber!, 'PROVISIONING_TO_VOICE_PLATFORM');
    assert.equal(parsed.status, 'FAILED');
    assert.equal(parsed.failureCode, 'PROVISIONING_TO_VOICE_PLATFORM_FAILED');
  });

  it('unlinking the service plan with "" sends DEPROVISIONING_FROM_SMS_PLATFORM', async () => {
    const rented = await rentWithCallback(numbers, { smsConfiguration: { servicePlanId: 'plan-unlink' } });
    const phoneNumber = rented.phoneNumber!;
    await advanceClock(server, PAST_PROVISIONING_SECONDS);
    await event(phoneNumber, 'PROVISIONING_TO_SMS_PLATFORM');

    await numbers.update({
      phoneNumber,
      updateActiveNumberRequestBody: { smsConfiguration: { servicePlanId: '' } },
    });
    await advanceClock(server, PAST_PROVISIONING_SECONDS);
    const parsed = await event(phoneNumber, 'DEPROVISIONING_FROM_SMS_PLATFORM');
    assert.equal(parsed.status, 'SUCCEEDED');
    assert.equal(parsed.failureCode, null);
  });

  // Last: it moves the clock a month ahead.
  it('when a released number expires, it is deprovisioned from the SMS and voice platforms', async () => {
    const rented = await rentWithCallback(numbers, {
      smsConfiguration: { servicePlanId: 'plan-expiry' },
      voiceConfiguration: { type: 'RTC', appId: 'app-expiry' },
    });
    const phoneNumber = rented.phoneNumber!;
    await advanceClock(server, PAST_PROVISIONING_SECONDS);
    await event(phoneNumber, 'PROVISIONING_TO_SMS_PLATFORM');
    await event(phoneNumber, 'PROVISIONING_TO_VOICE_PLATFORM');

    const released = await numbers.release({ phoneNumber });
    assert.ok(released.expireAt instanceof Date);
    assert.equal(
      receiver.eventsFor(phoneNumber, 'DEPROVISIONING_FROM_SMS_PLATFORM').length,
      0,
      'not before expiry',
    );
    // Monthly numbers expire at the next charge date, at most 31 days away.
    await advanceClock(server, 32 * 24 * 3600);
    for (const eventType of ['DEPROVISIONING_FROM_SMS_PLATFORM', 'DEPROVISIONING_FROM_VOICE_PLATFORM']) {
      const parsed = await event(phoneNumber, eventType);
      assert.equal(parsed.status, 'SUCCEEDED', eventType);
      assert.equal(parsed.failureCode, null, eventType);
      assert.ok(parsed.timestamp!.getTime() >= released.expireAt.getTime(), `${eventType} after expireAt`);
    }
    assert.equal((await sdkError(numbers.get({ phoneNumber }))).statusCode, 404);
  });
});
