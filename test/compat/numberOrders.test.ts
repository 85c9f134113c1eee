/**
 * The Number Order (KYC) workflow of seeds 000 and 001, replayed over real HTTP in the seed's
 * order: 1 lookup requirements → 2 search → 3 create order (48-hour reservation) → 4 registration →
 * 5 attachments → 6 submit → review (COMPLETED | REJECTED | BLOCKED), plus the seed's "Error
 * Recovery" list and EXPIRED. Request bodies are the seed's curl bodies as JSON text; only the
 * callback URL's origin and the "+61XXXXXXXXX" placeholders are replaced where the test says so.
 * Authentication is Basic (`curl -u keyId:secret`), as in the seed's examples.
 *
 * The clock matters: the review delay (60 s, the server default) and the 48-hour reservation are
 * crossed with `POST /_sandbox/clock:advance`, so the blocks run in this order and the one that
 * jumps 48 hours comes last.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { accessToken, advanceClock, basicAuth, type ErrorEnvelope, type RawResponse, raw } from './client.js';
import { startWebhookReceiver, type WebhookReceiver } from './receiver.js';
import { CREDENTIALS, type RunningServer, startServer, waitFor } from './server.js';

/** OPEN_NUMBERS_REVIEW_DELAY_SECONDS is left at its default. */
const REVIEW_DELAY_SECONDS = 60;
const RESERVATION_SECONDS = 48 * 3600;
const WAIT = { timeoutMs: 10_000 };

// --- The seed's bodies, as JSON text -----------------------------------------------------------

/** Step 1, seed 000's curl `-d` (seed 001 sends the same fields). */
const LOOKUP_AU_MOBILE = '{"regionCode": "AU", "numberType": "MOBILE"}';
/** Step 2, seed 000: `GET …/availableNumbers?regionCode=XX&type=YY` for AU MOBILE. */
const SEARCH_AU_MOBILE = '/availableNumbers?regionCode=AU&type=MOBILE';
/** Step 3, seed 001's CreateAustralianNumberOrderRequest. */
const CREATE_AU_ORDER = `{
  "regionCode": "AU",
  "numberType": "MOBILE",
  "smsConfiguration": {
    "servicePlanId": "1dez6a8300774283a4256aa756a11111"
  },
  "callbackUrl": "https://www.your-callback-server.com/callback",
  "numberOrderOption": {
    "phoneNumbers": [
      "+61411111112"
    ]
  }
}`;
const SEED_CALLBACK_ORIGIN = 'https://www.your-callback-server.com';
const SEED_NUMBER = '+61411111112';
const SEED_SERVICE_PLAN = '1dez6a8300774283a4256aa756a11111';
/** Step 4, seed 001's PUT body, placeholders and all. */
const SEED_REGISTRATION = `{
  "requestDetails": {
    "data": [
      [
        {
          "senderId": "+61XXXXXXXXX",
          "purposeOfTheTraffic": "One Time Password",
          "intendedUseOfMobileNumbers": "Transactional",
          "iConfirmThatMyBusinessHasAValidUseCaseForThisLn": true
        }
      ],
      {
        "endBusinessName": "ExampleExample",
        "endBusinessAddress": "ExampleExample",
        "endBusinessAddress2": "ExampleExample",
        "city": "Victoria",
        "state": "VIC",
        "country": "AU",
        "postalCode": "3000"
      },
      {
        "firstName": "Example",
        "lastName": "Example",
        "phoneNumber": "+61XXXXXXXXX"
      }
    ]
  }
}`;
const PLACEHOLDER = '+61XXXXXXXXX';

/** The keys of the seed's CreateNumberOrder / GetNumberOrder example response, in its order. */
const SEED_ORDER_KEYS = [
  'projectId',
  'idNumberOrder',
  'regionCode',
  'state',
  'numberType',
  'orderNumbers',
  'smsConfiguration',
  'expireTime',
  'createTime',
  'updateTime',
];
/** A lowercase ULID, like the seed's `03kjzencnckxrn216rr1zzzzzz`. */
const ULID = /^[0-7][0-9a-hjkmnp-tv-z]{25}$/;

/** The seed's registration for `phoneNumber` (senderId and contact phone), optionally retouched. */
function registrationFor(phoneNumber: string, endBusinessName = 'ExampleExample'): string {
  const body = SEED_REGISTRATION.replaceAll(PLACEHOLDER, phoneNumber).replace(
    '"endBusinessName": "ExampleExample"',
    `"endBusinessName": ${JSON.stringify(endBusinessName)}`,
  );
  assert.ok(!body.includes(PLACEHOLDER) && body.includes(JSON.stringify(endBusinessName)));
  return body;
}

/** The seed's create body for another AU MOBILE number, without a callback. */
function createAuOrderFor(phoneNumber: string, callbackUrl?: string): string {
  const body = JSON.parse(CREATE_AU_ORDER.replace(SEED_NUMBER, phoneNumber)) as Record<string, unknown>;
  if (callbackUrl === undefined) delete body.callbackUrl;
  else body.callbackUrl = callbackUrl;
  return JSON.stringify(body);
}

// --- Wire types -----------------------------------------------------------------------------------

interface NumberOrder {
  projectId: string;
  idNumberOrder: string;
  regionCode: string;
  state: string;
  numberType: string;
  orderNumbers: Array<{ phoneNumber: string; capabilities: string[] }>;
  smsConfiguration?: { servicePlanId: string; campaignId?: string };
  voiceConfiguration?: unknown;
  expireTime: string;
  createTime: string;
  updateTime: string;
}
interface AttachmentRequirement {
  id: string;
  title: string;
  mandatory: boolean;
  allowedMimeTypes: string[];
  allowedDocumentTypes: string[];
}
interface Requirements {
  fields: { schema: unknown; rules: unknown[]; attachments: AttachmentRequirement[] };
  attachments: AttachmentRequirement[];
}
interface Registration {
  requestDetails: { data: unknown };
  attachments: Array<Record<string, string>>;
  logs: Array<{ message: string; createTime: string }>;
}
interface CallbackEvent {
  eventId: string;
  projectId: string;
  resourceId: string;
  resourceType: string;
  eventType: string;
  status: string;
}

// --- Server, receiver and requests ----------------------------------------------------------------

let server: RunningServer;
let receiver: WebhookReceiver;
/** The seed's callbackUrl with its origin replaced by the local receiver's. */
let callbackUrl: string;

before(async () => {
  server = await startServer();
  receiver = await startWebhookReceiver('/callback');
  callbackUrl = receiver.url;
});

after(async () => {
  await receiver?.close();
  await server?.dispose();
});

/** `curl -u keyId:secret -X METHOD …/v1/projects/{projectId}PATH [-H 'Content-Type: application/json' -d BODY]`. */
function call<T = unknown>(method: string, path: string, body?: string): Promise<RawResponse<T>> {
  return raw<T>(server, method, path, {
    body,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
  });
}

const lookup = (body: string) => call<Requirements>('POST', '/numberOrders:lookupNumberRequirements', body);
const createOrder = (body: string) => call<NumberOrder>('POST', '/numberOrders:createNumberOrder', body);
const getOrder = (id: string) => call<NumberOrder>('GET', `/numberOrders/${id}`);
const putRegistration = (id: string, body: string) =>
  call<Registration>('PUT', `/numberOrders/${id}/registration`, body);
const getRegistration = (id: string) => call<Registration>('GET', `/numberOrders/${id}/registration`);
const submit = (id: string) => call<NumberOrder>('POST', `/numberOrders/${id}/submit`);

/** `curl -F file=@… -F documentType=…` with fetch + FormData. */
async function uploadAttachment(
  orderId: string,
  attachmentId: string,
  file: { content: string; type: string; name: string },
  documentType: string,
): Promise<RawResponse<Record<string, string>>> {
  const form = new FormData();
  form.append('file', new Blob([file.content], { type: file.type }), file.name);
  form.append('documentType', documentType);
  const response = await fetch(
    `${server.baseUrl}/v1/projects/${CREDENTIALS.projectId}/numberOrders/${orderId}/attachments/${attachmentId}`,
    {
      method: 'POST',
      headers: {
        accept: 'application/json',
        authorization: basicAuth(CREDENTIALS.keyId, CREDENTIALS.keySecret),
      },
      body: form,
    },
  );
  const text = await response.text();
  // 200 has no body (Sinch's document); errors have the envelope.
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
    text,
  };
}

/** A 4xx in the Numbers envelope with this code and status; returns the error. */
function expectError(response: RawResponse, code: number, status: string): ErrorEnvelope['error'] {
  assert.equal(response.status, code, response.text);
  const { error } = response.body as ErrorEnvelope;
  assert.equal(error.code, code, response.text);
  assert.equal(error.status, status, response.text);
  return error;
}

function violatedFields(error: ErrorEnvelope['error']): string[] {
  return error.details
    .flatMap((d) => (d.fieldViolations as Array<{ field: string }> | undefined) ?? [])
    .map((v) => v.field);
}

async function searchAuMobile(): Promise<string[]> {
  const search = await call<{ availableNumbers: Array<{ phoneNumber: string }> }>('GET', SEARCH_AU_MOBILE);
  assert.equal(search.status, 200, search.text);
  return search.body.availableNumbers.map((n) => n.phoneNumber);
}

/** The order once its state is `state` (the review and expiry jobs run on the worker). */
function orderInState(id: string, state: string): Promise<NumberOrder> {
  return waitFor(
    async () => {
      const order = await getOrder(id);
      return order.status === 200 && order.body.state === state ? order.body : undefined;
    },
    { ...WAIT, description: `order ${id} ${state}` },
  );
}

/** The NUMBER_ORDER_PROCESSING callbacks the receiver got for this order, once there are `count`. */
function orderCallbacks(orderId: string, count: number): Promise<CallbackEvent[]> {
  return waitFor(
    () => {
      const requests = receiver.eventsFor(orderId, 'NUMBER_ORDER_PROCESSING');
      return requests.length >= count
        ? requests.map((r) => JSON.parse(r.rawBody) as CallbackEvent)
        : undefined;
    },
    { ...WAIT, description: `${count} NUMBER_ORDER_PROCESSING callback(s) for ${orderId}` },
  );
}

/** Steps 2–6 for one searched AU MOBILE number, with `endBusinessName` in the registration. */
async function submittedAuOrder(endBusinessName: string): Promise<{ id: string; phoneNumber: string }> {
  const [phoneNumber] = await searchAuMobile();
  assert.ok(phoneNumber, 'AU MOBILE inventory left');
  const created = await createOrder(createAuOrderFor(phoneNumber));
  assert.equal(created.status, 200, created.text);
  const id = created.body.idNumberOrder;
  const registration = await putRegistration(id, registrationFor(phoneNumber, endBusinessName));
  assert.equal(registration.status, 200, registration.text);
  const submitted = await submit(id);
  assert.equal(submitted.status, 200, submitted.text);
  assert.equal(submitted.body.state, 'IN_REVIEW');
  return { id, phoneNumber };
}

// --- The workflow -----------------------------------------------------------------------------------

describe('Simple number purchase (KYC country): Steps 1–6 in order, AU MOBILE +61411111112', () => {
  let requirements: Requirements;
  let order: NumberOrder;

  it('Step 1 — Lookup requirements: AU MOBILE defines the KYC fields and no attachments', async () => {
    const response = await lookup(LOOKUP_AU_MOBILE);
    assert.equal(response.status, 200, response.text);
    requirements = response.body;
    const { fields } = requirements;
    assert.ok(fields.schema && typeof fields.schema === 'object', 'the KYC fields schema');
    assert.ok(Array.isArray(fields.rules) && fields.rules.length > 0, 'rules');
    assert.deepEqual(fields.attachments, [], 'as in the seed: "attachments": []');
    assert.deepEqual(requirements.attachments, [], "the document's NumberRequirements.attachments");
    // Seed 000's own curl authenticates with an OAuth2 bearer token: the same answer.
    const bearer = await raw<Requirements>(server, 'POST', '/numberOrders:lookupNumberRequirements', {
      body: LOOKUP_AU_MOBILE,
      headers: { 'content-type': 'application/json' },
      authorization: `Bearer ${await accessToken(server)}`,
    });
    assert.equal(bearer.status, 200, bearer.text);
    assert.deepEqual(bearer.body, requirements);
  });

  it('Step 2 — Search available numbers: GET availableNumbers?regionCode=AU&type=MOBILE lists +61411111112', async () => {
    assert.ok((await searchAuMobile()).includes(SEED_NUMBER));
  });

  it('Step 3 — Create order: the CreateAustralianNumberOrderRequest reserves +61411111112 for 48 hours', async () => {
    const body = CREATE_AU_ORDER.replace(SEED_CALLBACK_ORIGIN, new URL(callbackUrl).origin);
    assert.equal(JSON.parse(body).callbackUrl, callbackUrl, 'only the origin changed');
    const response = await createOrder(body);
    assert.equal(response.status, 200, response.text);
    order = response.body;

    // The keys of the seed example, in its order, and no other (an unset voiceConfiguration is
    // left out, as there; the callbackUrl is not echoed, as in Sinch's document).
    assert.deepEqual(Object.keys(order), SEED_ORDER_KEYS);
    assert.equal(order.projectId, CREDENTIALS.projectId);
    assert.match(order.idNumberOrder, ULID);
    assert.equal(order.regionCode, 'AU');
    assert.equal(order.state, 'CREATED');
    assert.equal(order.numberType, 'MOBILE');
    assert.deepEqual(
      order.orderNumbers.map((n) => n.phoneNumber),
      [SEED_NUMBER],
    );
    assert.equal(order.smsConfiguration?.servicePlanId, SEED_SERVICE_PLAN);
    assert.ok(!('voiceConfiguration' in order), 'an unset configuration is left out');
    assert.deepEqual(
      order.orderNumbers[0]?.capabilities,
      ['SMS', 'VOICE'],
      'plural, as AU MOBILE numbers have',
    );
    assert.equal(Date.parse(order.expireTime) - Date.parse(order.createTime), RESERVATION_SECONDS * 1000);
    assert.equal(order.updateTime, order.createTime);

    const got = await getOrder(order.idNumberOrder);
    assert.equal(got.status, 200, got.text);
    assert.deepEqual(got.body, order, 'GET returns the order as created');
  });

  it('Error recovery — Step 3 fails (number unavailable): a second order for +61411111112 → 404; Step 2 no longer lists it, a different number can be ordered', async () => {
    const again = await createOrder(createAuOrderFor(SEED_NUMBER));
    const error = expectError(again, 404, 'NOT_FOUND');
    assert.deepEqual(
      error.details.map((d) => [d.type, d.resourceType, d.resourceName]),
      [['ResourceInfo', 'AvailableNumber', SEED_NUMBER]],
    );
    const available = await searchAuMobile();
    assert.ok(!available.includes(SEED_NUMBER), 'the reserved number is not offered');
    const retry = await createOrder(createAuOrderFor(available[0]));
    assert.equal(retry.status, 200, retry.text);
    assert.equal(retry.body.state, 'CREATED');
    assert.deepEqual(
      retry.body.orderNumbers.map((n) => n.phoneNumber),
      [available[0]],
    );
  });

  it('Step 4 — Submit registration: the seed body as printed ("+61XXXXXXXXX") → 400 INVALID_ARGUMENT naming the bad fields', async () => {
    const response = await putRegistration(order.idNumberOrder, SEED_REGISTRATION);
    const error = expectError(response, 400, 'INVALID_ARGUMENT');
    const fields = violatedFields(error);
    assert.ok(fields.includes('data[0][0].senderId'), response.text);
    for (const field of fields) {
      assert.ok(['data[0][0].senderId', 'data[2].phoneNumber'].includes(field), `unexpected ${field}`);
    }
    const registration = await getRegistration(order.idNumberOrder);
    assert.equal(registration.status, 200, registration.text);
    assert.notDeepEqual(
      registration.body.requestDetails.data,
      JSON.parse(SEED_REGISTRATION).requestDetails.data,
      'a refused registration is not stored',
    );
  });

  it('Error recovery — Step 4 returns 400: fix the data fields and PUT again → 200 on the same order; GET registration returns it', async () => {
    const fixed = registrationFor(SEED_NUMBER);
    const response = await putRegistration(order.idNumberOrder, fixed);
    assert.equal(response.status, 200, response.text);
    const data = JSON.parse(fixed).requestDetails.data;
    assert.deepEqual(response.body.requestDetails.data, data);
    const registration = await getRegistration(order.idNumberOrder);
    assert.equal(registration.status, 200, registration.text);
    assert.deepEqual(registration.body.requestDetails.data, data);
    assert.deepEqual(registration.body.attachments, []);
    assert.equal(
      (await getOrder(order.idNumberOrder)).body.state,
      'CREATED',
      'no need to recreate the order',
    );
  });

  it('Step 5 — Upload attachments: skipped, Step 1 returned no mandatory attachments', () => {
    assert.equal(requirements.fields.attachments.filter((a) => a.mandatory).length, 0);
  });

  it('Step 6 — Submit order: POST …/numberOrders/{id}/submit → IN_REVIEW, and a NUMBER_ORDER_PROCESSING IN_REVIEW callback', async () => {
    const response = await submit(order.idNumberOrder);
    assert.equal(response.status, 200, response.text);
    assert.equal(response.body.idNumberOrder, order.idNumberOrder);
    assert.equal(response.body.state, 'IN_REVIEW');
    assert.equal((await getOrder(order.idNumberOrder)).body.state, 'IN_REVIEW');
    const [event] = await orderCallbacks(order.idNumberOrder, 1);
    assert.equal(event.status, 'IN_REVIEW');
  });

  it('Review — still IN_REVIEW before the review delay; COMPLETED after it, with callbacks IN_REVIEW then COMPLETED', async () => {
    await advanceClock(server, REVIEW_DELAY_SECONDS - 5);
    await new Promise((done) => setTimeout(done, 300)); // several worker polls
    assert.equal((await getOrder(order.idNumberOrder)).body.state, 'IN_REVIEW');
    await advanceClock(server, 5);
    await orderInState(order.idNumberOrder, 'COMPLETED');
    assert.deepEqual((await getRegistration(order.idNumberOrder)).body.logs, [], 'no reviewer message');

    const events = await orderCallbacks(order.idNumberOrder, 2);
    assert.deepEqual(
      events.map((e) => [e.projectId, e.resourceType, e.resourceId, e.eventType, e.status]),
      [
        [CREDENTIALS.projectId, 'NUMBER_ORDER', order.idNumberOrder, 'NUMBER_ORDER_PROCESSING', 'IN_REVIEW'],
        [CREDENTIALS.projectId, 'NUMBER_ORDER', order.idNumberOrder, 'NUMBER_ORDER_PROCESSING', 'COMPLETED'],
      ],
    );
    for (const request of receiver.eventsFor(order.idNumberOrder)) {
      assert.equal(request.method, 'POST');
      assert.equal(request.url, '/callback');
    }
  });

  it('Review — +61411111112 is an active number of the project with the order’s SMS configuration scheduled', async () => {
    const active = await call<any>('GET', `/activeNumbers/${SEED_NUMBER}`);
    assert.equal(active.status, 200, active.text);
    assert.equal(active.body.phoneNumber, SEED_NUMBER);
    assert.equal(active.body.projectId, CREDENTIALS.projectId);
    assert.equal(active.body.regionCode, 'AU');
    assert.equal(active.body.type, 'MOBILE');
    assert.equal(active.body.callbackUrl, callbackUrl);
    const sms = active.body.smsConfiguration;
    assert.equal(sms.scheduledProvisioning?.servicePlanId, SEED_SERVICE_PLAN, active.text);
    assert.equal((await call('GET', `/availableNumbers/${SEED_NUMBER}`)).status, 404, 'sold');
  });
});

describe('Order rejected / blocked (sandbox review by the documented magic values)', () => {
  let rejected: { id: string; phoneNumber: string };
  let blocked: { id: string; phoneNumber: string };

  it("Order rejected — SANDBOX_REJECT in endBusinessName: REJECTED after the review delay; the registration's logs give the reason", async () => {
    rejected = await submittedAuOrder('SANDBOX_REJECT ExampleExample');
    blocked = await submittedAuOrder('SANDBOX_BLOCK ExampleExample');
    await advanceClock(server, REVIEW_DELAY_SECONDS);
    const order = await orderInState(rejected.id, 'REJECTED');
    assert.ok(!('rejectionReason' in order), "not a key of Sinch's NumberOrder");
    const registration = await getRegistration(rejected.id);
    assert.equal(registration.body.logs.length, 1, "the reviewer's message is in the registration's logs");
    assert.match(registration.body.logs[0]!.message, /SANDBOX_REJECT/);
  });

  it('Order blocked — SANDBOX_BLOCK in endBusinessName: BLOCKED after the review delay, the reason in the logs', async () => {
    await orderInState(blocked.id, 'BLOCKED');
    const { logs } = (await getRegistration(blocked.id)).body;
    assert.equal(logs.length, 1, JSON.stringify(logs));
    assert.match(logs[0]!.message, /SANDBOX_BLOCK/);
  });

  it('Retry after rejection — correct the KYC data and create a new order: the number is free again', async () => {
    assert.ok((await searchAuMobile()).includes(rejected.phoneNumber), 'released by the rejection');
    const created = await createOrder(createAuOrderFor(rejected.phoneNumber));
    assert.equal(created.status, 200, created.text);
    assert.notEqual(created.body.idNumberOrder, rejected.id);
    assert.equal(created.body.state, 'CREATED');
    const registration = await putRegistration(
      created.body.idNumberOrder,
      registrationFor(rejected.phoneNumber),
    );
    assert.equal(registration.status, 200, registration.text);
  });
});

describe('Attachments are conditional: DE LOCAL requires them (Step 5 as multipart/form-data)', () => {
  const PDF = '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n';
  let attachments: AttachmentRequirement[];
  let mandatory: AttachmentRequirement[];
  let orderId: string;

  it('Step 1 — Lookup requirements: DE LOCAL lists attachments with id, mandatory, allowedMimeTypes, allowedDocumentTypes', async () => {
    const response = await lookup('{"regionCode": "DE", "numberType": "LOCAL"}');
    assert.equal(response.status, 200, response.text);
    attachments = response.body.fields.attachments;
    assert.ok(attachments.length > 0);
    for (const a of attachments) {
      assert.match(a.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.equal(typeof a.mandatory, 'boolean');
      assert.ok(a.allowedMimeTypes.length > 0 && a.allowedDocumentTypes.length > 0, JSON.stringify(a));
    }
    mandatory = attachments.filter((a) => a.mandatory);
    assert.ok(mandatory.length > 0, 'DE LOCAL has mandatory attachments');
  });

  it('Steps 2–3 — Search and create a DE LOCAL order; Step 6 before Step 5 → 400 FAILED_PRECONDITION naming the missing attachments', async () => {
    const search = await call<{ availableNumbers: Array<{ phoneNumber: string }> }>(
      'GET',
      '/availableNumbers?regionCode=DE&type=LOCAL',
    );
    assert.equal(search.status, 200, search.text);
    const phoneNumber = search.body.availableNumbers[0].phoneNumber;
    const created = await createOrder(
      JSON.stringify({
        regionCode: 'DE',
        numberType: 'LOCAL',
        numberOrderOption: { phoneNumbers: [phoneNumber] },
      }),
    );
    assert.equal(created.status, 200, created.text);
    orderId = created.body.idNumberOrder;
    const fields = violatedFields(expectError(await submit(orderId), 400, 'FAILED_PRECONDITION'));
    for (const a of mandatory) assert.ok(fields.includes(`attachments.${a.id}`), JSON.stringify(fields));
  });

  it('Step 5 — Upload attachments: a text file declared as application/pdf → 400 INVALID_ARGUMENT on file', async () => {
    const [attachment] = mandatory;
    const response = await uploadAttachment(
      orderId,
      attachment.id,
      { content: 'just text, not a pdf', type: 'application/pdf', name: 'document.pdf' },
      attachment.allowedDocumentTypes[0],
    );
    assert.deepEqual(violatedFields(expectError(response, 400, 'INVALID_ARGUMENT')), ['file']);
  });

  it('Step 5 — Upload attachments: a real PDF per mandatory attachment (parts file and documentType) → 200 with no body; GET registration lists them', async () => {
    for (const attachment of mandatory) {
      assert.ok(attachment.allowedMimeTypes.includes('application/pdf'), 'checked allowedMimeTypes first');
      const response = await uploadAttachment(
        orderId,
        attachment.id,
        { content: PDF, type: 'application/pdf', name: 'document.pdf' },
        attachment.allowedDocumentTypes[0]!,
      );
      assert.equal(response.status, 200, response.text);
      assert.equal(response.text, '', "no body, as Sinch's document declares it");
    }
    const registration = await getRegistration(orderId);
    assert.equal(registration.status, 200, registration.text);
    assert.deepEqual(
      registration.body.attachments.map((a) => a.attachmentId).sort(),
      mandatory.map((a) => a.id).sort(),
    );
    for (const attachment of mandatory) {
      const stored = registration.body.attachments.find((a) => a.attachmentId === attachment.id)!;
      assert.equal(stored.fileName, 'document.pdf');
      assert.equal(stored.mimeType, 'application/pdf');
      assert.equal(stored.documentType, attachment.allowedDocumentTypes[0]);
      assert.equal(stored.uploadStatus, 'COMPLETED');
    }
    const fields = violatedFields(expectError(await submit(orderId), 400, 'FAILED_PRECONDITION'));
    assert.deepEqual(fields, ['registration'], 'only the registration is missing now');
  });
});

describe("Every product is orderable: the document's CreateUsQuantityOrderRequest (US LOCAL, no registration)", () => {
  /** The document's example body, as JSON text. */
  const CREATE_US_QUANTITY_ORDER = `{
  "regionCode": "US",
  "numberType": "LOCAL",
  "smsConfiguration": {
    "servicePlanId": "1dez6a8300774283a4256aa756a11111"
  },
  "callbackUrl": "https://www.your-callback-server.com/callback",
  "quantityOrderOption": {
    "requestedQuantity": 3,
    "sequential": false
  }
}`;

  it('creates an order for 3 US LOCAL numbers, submits it without registration, and it completes', async () => {
    const body = CREATE_US_QUANTITY_ORDER.replace(SEED_CALLBACK_ORIGIN, new URL(callbackUrl).origin);
    const created = await createOrder(body);
    assert.equal(created.status, 200, created.text);
    assert.equal(created.body.orderNumbers.length, 3);
    for (const n of created.body.orderNumbers) assert.ok(n.capabilities.includes('SMS'), JSON.stringify(n));
    const id = created.body.idNumberOrder;
    const submitted = await submit(id);
    assert.equal(submitted.status, 200, submitted.text);
    assert.equal(submitted.body.state, 'IN_REVIEW');
    await advanceClock(server, REVIEW_DELAY_SECONDS);
    await orderInState(id, 'COMPLETED');
    const events = await orderCallbacks(id, 2);
    assert.deepEqual(
      events.map((e) => e.status),
      ['IN_REVIEW', 'COMPLETED'],
    );
    for (const n of created.body.orderNumbers) {
      const active = await call('GET', `/activeNumbers/${n.phoneNumber}`);
      assert.equal(active.status, 200, active.text);
    }
  });
});

describe('Order expires: the 48-hour clock starts at Step 3', () => {
  let order: NumberOrder;
  let phoneNumber: string;

  it('Order expires — an order created for a searched AU MOBILE number reads EXPIRED 48 hours later (EXPIRED callback)', async () => {
    [phoneNumber] = await searchAuMobile();
    const created = await createOrder(createAuOrderFor(phoneNumber, callbackUrl));
    assert.equal(created.status, 200, created.text);
    order = created.body;
    assert.ok(!(await searchAuMobile()).includes(phoneNumber), 'reserved');
    await advanceClock(server, RESERVATION_SECONDS);
    const expired = await orderInState(order.idNumberOrder, 'EXPIRED');
    assert.equal(expired.expireTime, order.expireTime);
    const [event] = await orderCallbacks(order.idNumberOrder, 1);
    assert.deepEqual(
      [event.resourceType, event.eventType, event.status],
      ['NUMBER_ORDER', 'NUMBER_ORDER_PROCESSING', 'EXPIRED'],
    );
  });

  it('Order expires — the idNumberOrder is no longer valid: Step 4 → 400 FAILED_PRECONDITION; the number is searchable again', async () => {
    const error = expectError(
      await putRegistration(order.idNumberOrder, registrationFor(phoneNumber)),
      400,
      'FAILED_PRECONDITION',
    );
    assert.match(error.message, /EXPIRED/);
    expectError(await submit(order.idNumberOrder), 400, 'FAILED_PRECONDITION');
    await waitFor(async () => (await searchAuMobile()).includes(phoneNumber), {
      ...WAIT,
      description: `${phoneNumber} searchable again`,
    });
  });
});

describe('Step 1 for a pair without requirements', () => {
  it('Lookup requirements for US LOCAL → 404 "Number requirements not found"', async () => {
    const response = await lookup('{"regionCode": "US", "numberType": "LOCAL"}');
    assert.equal(response.status, 404, response.text);
    assert.deepEqual(response.body, {
      error: {
        code: 404,
        message: 'Number requirements not found',
        status: 'NOT_FOUND',
        details: [
          {
            type: 'ResourceInfo',
            resourceType: 'NumberProduct',
            resourceName: 'numberRequirements',
            owner: '',
            description: 'Number requirements not found',
          },
        ],
      },
    });
  });
});
