import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, BASE, call, fieldViolations } from '../helpers/api.js';
import { multipart, PDF, PNG } from '../helpers/multipart.js';
import { type Receiver, startReceiver } from '../helpers/receiver.js';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../helpers/testApp.js';

const REVIEW_DELAY = 60;
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

// The seed's canonical bodies (seed 001), with a real-looking senderId.
const AU_ORDER = {
  regionCode: 'AU',
  numberType: 'MOBILE',
  smsConfiguration: { servicePlanId: '1dez6a8300774283a4256aa756a11111' },
  numberOrderOption: { phoneNumbers: ['+61411111112'] },
};
const AU_REGISTRATION = {
  requestDetails: {
    data: [
      [
        {
          senderId: '+61411111112',
          purposeOfTheTraffic: 'One Time Password',
          intendedUseOfMobileNumbers: 'Transactional',
          iConfirmThatMyBusinessHasAValidUseCaseForThisLn: true,
        },
      ],
      {
        endBusinessName: 'ExampleExample',
        endBusinessAddress: 'ExampleExample',
        endBusinessAddress2: 'ExampleExample',
        city: 'Victoria',
        state: 'VIC',
        country: 'AU',
        postalCode: '3000',
      },
      { firstName: 'Example', lastName: 'Example', phoneNumber: '+61411111112' },
    ],
  },
};

let t: TestApp;
let receiver: Receiver;
before(async () => {
  t = await startTestApp({
    OPEN_NUMBERS_REVIEW_DELAY_SECONDS: String(REVIEW_DELAY),
    OPEN_NUMBERS_PROVISIONING_DELAY_SECONDS: '2',
  });
  receiver = await startReceiver();
});
after(async () => {
  await receiver.close();
  await t.close();
});

const orderUrl = (id: string, rest = '') => `${BASE}/numberOrders/${id}${rest}`;
const lookup = (body: unknown) =>
  call(t, { method: 'POST', url: `${BASE}/numberOrders:lookupNumberRequirements`, body });
const create = (body: unknown) =>
  call(t, { method: 'POST', url: `${BASE}/numberOrders:createNumberOrder`, body });
const getOrder = (id: string) => call(t, { method: 'GET', url: orderUrl(id) });
const putRegistration = (id: string, body: unknown) =>
  call(t, { method: 'PUT', url: orderUrl(id, '/registration'), body });
const submit = (id: string) => call(t, { method: 'POST', url: orderUrl(id, '/submit') });

async function upload(
  id: string,
  attachmentId: string,
  file: Buffer,
  documentType: string,
  declared = 'application/pdf',
) {
  const { payload, contentType } = multipart([
    { name: 'file', value: file, filename: 'document.pdf', contentType: declared },
    { name: 'documentType', value: documentType },
  ]);
  const res = await t.app.inject({
    method: 'POST',
    url: orderUrl(id, `/attachments/${attachmentId}`),
    headers: { authorization: t.auth, 'content-type': contentType },
    payload,
  });
  // 200 has no body (Sinch's document); errors have the envelope.
  return {
    status: res.statusCode,
    body: res.body ? res.json() : undefined,
    contentType: res.headers['content-type'],
  };
}

/** A number of a (region, type) that has a policy, and the policy's requirements. */
async function orderable(regionCode: string, numberType: string) {
  const requirements = (await lookup({ regionCode, numberType })).body;
  const search = await call(t, {
    method: 'GET',
    url: `${BASE}/availableNumbers?regionCode=${regionCode}&type=${numberType}&size=1`,
  });
  return { requirements, phoneNumber: search.body.availableNumbers[0].phoneNumber as string };
}

describe('numberOrders:lookupNumberRequirements', () => {
  test('AU MOBILE: {fields, attachments}: the policy schema and rules in fields, no attachments', async () => {
    const res = await lookup({ regionCode: 'AU', numberType: 'MOBILE' });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['fields', 'attachments']);
    assert.equal(typeof res.body.fields.schema, 'object');
    assert.ok(Array.isArray(res.body.fields.rules) && res.body.fields.rules.length > 0);
    assert.equal(res.body.fields.quantityOrdersSupported, false);
    assert.deepEqual(res.body.attachments, []);
    assert.deepEqual(res.body.fields.attachments, []);
  });

  test('attachments at the top level (and their copy in fields), each a RequiredAttachment', async () => {
    const { body } = await lookup({ regionCode: 'DE', numberType: 'LOCAL' });
    assert.ok(body.attachments.length > 0);
    assert.deepEqual(body.fields.attachments, body.attachments);
    for (const a of body.attachments) {
      assert.deepEqual(Object.keys(a), [
        'id',
        'title',
        'description',
        'mandatory',
        'template',
        'allowedMimeTypes',
        'allowedDocumentTypes',
      ]);
      assert.match(a.id, /^[0-9a-f-]{36}$/);
      assert.equal(typeof a.mandatory, 'boolean');
      assert.ok(Array.isArray(a.template));
      assert.ok(a.allowedMimeTypes.length > 0 && a.allowedDocumentTypes.length > 0);
    }
  });

  test('a template is a {name, url} whose url downloads the file, without credentials', async () => {
    const { body } = await lookup({ regionCode: 'DE', numberType: 'LOCAL' });
    const proof = body.attachments.find((a: any) => a.title === 'Proof of address');
    assert.equal(proof.template.length, 1);
    const [{ name, url }] = proof.template;
    assert.equal(name, 'address-declaration-de.rtf');
    assert.equal(url, `${t.config.publicUrl}/numberOrderTemplates/address-declaration-de.rtf`);
    const res = await t.app.inject({ method: 'GET', url: new URL(url).pathname });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/rtf');
    assert.match(String(res.headers['content-disposition']), /filename="address-declaration-de\.rtf"/);
    assert.match(res.body, /^\{\\rtf1/);
    assert.match(res.body, /Declaration of the address of use/);
    const missing = await t.app.inject({ method: 'GET', url: '/numberOrderTemplates/nothing-here.pdf' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.status, 'NOT_FOUND');
    const outside = await t.app.inject({ method: 'GET', url: '/numberOrderTemplates/..%2FDE-LOCAL.json' });
    assert.equal(outside.statusCode, 404);
  });

  test('an unknown numberType → 400 naming numberType', async () => {
    const error = assertError(
      await lookup({ regionCode: 'DE', numberType: 'GEOGRAPHIC' }),
      400,
      'INVALID_ARGUMENT',
    );
    assert.deepEqual(fieldViolations(error), ['numberType']);
  });

  test('no policy (US LOCAL, as live) → 404 NumberProduct numberRequirements', async () => {
    const error = assertError(await lookup({ regionCode: 'US', numberType: 'LOCAL' }), 404, 'NOT_FOUND');
    assert.deepEqual(error, {
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
    });
  });

  test('missing fields → 400; no credentials → 401; another project → 403', async () => {
    assert.deepEqual(
      fieldViolations(assertError(await lookup({ regionCode: 'AU' }), 400, 'INVALID_ARGUMENT')),
      ['numberType'],
    );
    assertError(
      await call(t, {
        method: 'POST',
        url: `${BASE}/numberOrders:lookupNumberRequirements`,
        body: {},
        headers: { authorization: '' },
      }),
      401,
      'UNAUTHENTICATED',
    );
    assertError(
      await call(t, {
        method: 'POST',
        url: `${BASE}/numberOrders:lookupNumberRequirements`,
        body: {},
        headers: { authorization: t.other.auth },
      }),
      403,
      'PERMISSION_DENIED',
    );
  });

  test('availableNumbers flags supportingDocumentationRequired for policy pairs', async () => {
    const res = await call(t, {
      method: 'GET',
      url: `${BASE}/availableNumbers?regionCode=DE&type=LOCAL&size=1`,
    });
    assert.equal(res.body.availableNumbers[0].supportingDocumentationRequired, true);
  });
});

describe('the seed workflow, AU MOBILE: create → registration → submit → review', () => {
  let orderId: string;

  test('createNumberOrder reserves +61411111112 for 48 hours', async () => {
    const res = await create({ ...AU_ORDER, callbackUrl: receiver.url });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    orderId = res.body.idNumberOrder;
    assert.match(orderId, /^[0-9a-z]{26}$/);
    assert.equal(res.body.state, 'CREATED');
    assert.deepEqual(
      res.body.orderNumbers.map((n: any) => n.phoneNumber),
      ['+61411111112'],
    );
    assert.deepEqual(Object.keys(res.body), [
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
    ]);
    assert.deepEqual(Object.keys(res.body.orderNumbers[0]), ['phoneNumber', 'numberPrice', 'capabilities']);
    assert.deepEqual(Object.keys(res.body.orderNumbers[0].numberPrice), [
      'setupPrice',
      'monthlyPrice',
      'paymentIntervalMonths',
    ]);
    assert.ok(res.body.orderNumbers[0].capabilities.includes('SMS'));
    assert.ok(!('voiceConfiguration' in res.body), 'an unset configuration is left out');
    assert.deepEqual(res.body.smsConfiguration, {
      servicePlanId: '1dez6a8300774283a4256aa756a11111',
      campaignId: '',
    });
    assert.equal(Date.parse(res.body.expireTime) - Date.parse(res.body.createTime), 48 * 3600 * 1000);
    assertError(
      await call(t, { method: 'GET', url: `${BASE}/availableNumbers/+61411111112` }),
      404,
      'NOT_FOUND',
    );
    assert.equal((await getOrder(orderId)).body.state, 'CREATED');
  });

  test('a second order for the same number → 404 of an unavailable number', async () => {
    assertError(await create(AU_ORDER), 404, 'NOT_FOUND');
  });

  test('registration: invalid data → 400 naming the JSON path; the seed body is accepted', async () => {
    const bad = structuredClone(AU_REGISTRATION);
    (bad.requestDetails.data[1] as any).postalCode = 'ABC';
    const error = assertError(await putRegistration(orderId, bad), 400, 'INVALID_ARGUMENT');
    assert.ok(fieldViolations(error).includes('data[1].postalCode'), JSON.stringify(error));
    const ok = await putRegistration(orderId, AU_REGISTRATION);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.deepEqual(ok.body.requestDetails.data, AU_REGISTRATION.requestDetails.data);
    const got = await call(t, { method: 'GET', url: orderUrl(orderId, '/registration') });
    assert.deepEqual(Object.keys(got.body), ['requestDetails', 'attachments', 'logs']);
    assert.deepEqual(got.body.requestDetails.data, AU_REGISTRATION.requestDetails.data);
    assert.deepEqual(got.body.attachments, []);
    assert.deepEqual(got.body.logs, [], 'no message from the reviewer yet');
  });

  test('a registration over 64 KiB → 400 on data', async () => {
    const huge = structuredClone(AU_REGISTRATION.requestDetails.data) as any[];
    huge[1].endBusinessAddress2 = 'x'.repeat(70 * 1024);
    assert.deepEqual(
      fieldViolations(assertError(await putRegistration(orderId, { data: huge }), 400, 'INVALID_ARGUMENT')),
      ['data'],
    );
  });

  test('the SDK model form {data} is accepted too', async () => {
    assert.equal((await putRegistration(orderId, { data: AU_REGISTRATION.requestDetails.data })).status, 200);
  });

  test('submit → IN_REVIEW and a NUMBER_ORDER_PROCESSING callback; submitting again → 400', async () => {
    const res = await submit(orderId);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.state, 'IN_REVIEW');
    await t.advance(0);
    const events = receiver.received.map((r) => JSON.parse(r.body));
    assert.deepEqual(
      events.map((e) => [e.resourceType, e.eventType, e.status, e.resourceId]),
      [['NUMBER_ORDER', 'NUMBER_ORDER_PROCESSING', 'IN_REVIEW', orderId]],
    );
    assertError(await submit(orderId), 400, 'FAILED_PRECONDITION');
    assertError(await putRegistration(orderId, AU_REGISTRATION), 400, 'FAILED_PRECONDITION');
  });

  test('sandbox review completes it after the review delay: the number becomes active with its configuration', async () => {
    await t.advance(REVIEW_DELAY - 1);
    assert.equal((await getOrder(orderId)).body.state, 'IN_REVIEW');
    await t.advance(1);
    assert.equal((await getOrder(orderId)).body.state, 'COMPLETED');
    const active = await call(t, { method: 'GET', url: `${BASE}/activeNumbers/+61411111112` });
    assert.equal(active.status, 200);
    assert.equal(
      active.body.smsConfiguration.scheduledProvisioning.servicePlanId,
      '1dez6a8300774283a4256aa756a11111',
    );
    assert.equal(active.body.callbackUrl, receiver.url);
    await t.advance(2);
    const provisioned = await call(t, { method: 'GET', url: `${BASE}/activeNumbers/+61411111112` });
    assert.equal(provisioned.body.smsConfiguration.servicePlanId, '1dez6a8300774283a4256aa756a11111');
    const statuses = receiver.received
      .map((r) => JSON.parse(r.body))
      .filter((e) => e.resourceType === 'NUMBER_ORDER')
      .map((e) => e.status);
    assert.deepEqual(statuses, ['IN_REVIEW', 'COMPLETED']);
  });
});

describe('forcing outcomes in the sandbox', () => {
  async function submitted(registrationTweak: (data: any[]) => void) {
    const search = await call(t, {
      method: 'GET',
      url: `${BASE}/availableNumbers?regionCode=AU&type=MOBILE&size=1`,
    });
    const phoneNumber = search.body.availableNumbers[0].phoneNumber;
    const order = await create({ ...AU_ORDER, numberOrderOption: { phoneNumbers: [phoneNumber] } });
    const data = structuredClone(AU_REGISTRATION.requestDetails.data);
    registrationTweak(data);
    assert.equal((await putRegistration(order.body.idNumberOrder, { data })).status, 200);
    assert.equal((await submit(order.body.idNumberOrder)).status, 200);
    return { orderId: order.body.idNumberOrder as string, phoneNumber };
  }

  test('SANDBOX_REJECT in the registration → REJECTED with a reason; the number returns to the inventory', async () => {
    const { orderId, phoneNumber } = await submitted((data) => {
      data[1].endBusinessName = 'SANDBOX_REJECT Pty Ltd';
    });
    await t.advance(REVIEW_DELAY);
    const order = (await getOrder(orderId)).body;
    assert.equal(order.state, 'REJECTED');
    assert.equal(order.rejectionReason, undefined, 'not a key of the document: the logs carry the reason');
    const { logs } = (await call(t, { method: 'GET', url: orderUrl(orderId, '/registration') })).body;
    assert.equal(logs.length, 1, 'the reason of the rejection is a message of the reviewer');
    assert.match(logs[0].message, /SANDBOX_REJECT/);
    assert.equal(logs[0].createTime, order.updateTime);
    assert.equal(
      (await call(t, { method: 'GET', url: `${BASE}/availableNumbers/${phoneNumber}` })).status,
      200,
    );
  });

  test('a request for information in the sandbox: the resubmitted order gets its own full review delay', async () => {
    const { orderId } = await submitted(() => {});
    await t.advance(10);
    const asked = await t.app.inject({
      method: 'POST',
      url: `/admin/v1/projects/project-a/numberOrders/${orderId}:review`,
      headers: admin,
      payload: { decision: 'REQUEST_INFORMATION', reason: 'Please confirm the end business address' },
    });
    assert.equal(asked.statusCode, 200, asked.body);
    await t.advance(10);
    assert.equal((await submit(orderId)).body.state, 'IN_REVIEW');
    await t.advance(REVIEW_DELAY - 20);
    assert.equal(
      (await getOrder(orderId)).body.state,
      'IN_REVIEW',
      "the first submission's review does not decide it",
    );
    await t.advance(20);
    assert.equal((await getOrder(orderId)).body.state, 'COMPLETED');
    const { logs } = (await call(t, { method: 'GET', url: orderUrl(orderId, '/registration') })).body;
    assert.deepEqual(
      logs.map((l: any) => l.message),
      ['Please confirm the end business address'],
    );
  });

  test('SANDBOX_BLOCK → BLOCKED', async () => {
    const { orderId } = await submitted((data) => {
      data[2].lastName = 'SANDBOX_BLOCK';
    });
    await t.advance(REVIEW_DELAY);
    assert.equal((await getOrder(orderId)).body.state, 'BLOCKED');
  });
});

describe('expiry after 48 hours', () => {
  test('a read after expireTime shows EXPIRED; the job releases the number; later steps are refused', async () => {
    const { phoneNumber } = await orderable('AU', 'MOBILE');
    const order = (
      await create({
        ...AU_ORDER,
        numberOrderOption: { phoneNumbers: [phoneNumber] },
        callbackUrl: receiver.url,
      })
    ).body;
    receiver.received.length = 0;
    await t.runtime.deps.clock.advance(48 * 3600);
    assert.equal((await getOrder(order.idNumberOrder)).body.state, 'EXPIRED', 'derived before any job ran');
    await t.runtime.worker.runDue();
    assert.deepEqual(
      receiver.received.map((r) => JSON.parse(r.body).status),
      ['EXPIRED'],
    );
    assert.equal(
      (await call(t, { method: 'GET', url: `${BASE}/availableNumbers/${phoneNumber}` })).status,
      200,
    );
    for (const res of [
      await putRegistration(order.idNumberOrder, AU_REGISTRATION),
      await submit(order.idNumberOrder),
      await upload(order.idNumberOrder, '00000000-0000-4000-8000-000000000000', PDF, 'PASSPORT'),
    ]) {
      assert.match(assertError(res, 400, 'FAILED_PRECONDITION').message, /EXPIRED/);
    }
  });
});

describe('attachments and submit checks (DE LOCAL)', () => {
  let orderId: string;
  let requirements: any;

  before(async () => {
    const found = await orderable('DE', 'LOCAL');
    requirements = found.requirements;
    const res = await create({
      regionCode: 'DE',
      numberType: 'LOCAL',
      numberOrderOption: { phoneNumbers: [found.phoneNumber] },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    orderId = res.body.idNumberOrder;
  });

  test('submit before registration and attachments → 400 listing what is missing', async () => {
    const error = assertError(await submit(orderId), 400, 'FAILED_PRECONDITION');
    const fields = fieldViolations(error);
    assert.ok(fields.includes('registration'));
    for (const a of requirements.fields.attachments.filter((a: any) => a.mandatory))
      assert.ok(fields.includes(`attachments.${a.id}`));
  });

  test('a pathological e-mail address is a quick 400: the pattern never sees more than maxLength', async () => {
    // Issue 7, finding 1: 60,000 dots between two @ took seconds with a backtracking pattern.
    const email = `a@${'.'.repeat(60_000)}@`;
    const started = performance.now();
    const error = assertError(
      await putRegistration(orderId, { data: [[{}], {}, { email }] }),
      400,
      'INVALID_ARGUMENT',
    );
    const elapsed = performance.now() - started;
    assert.ok(fieldViolations(error).includes('data[2].email'), JSON.stringify(error).slice(0, 500));
    assert.ok(elapsed < 500, `answered in ${elapsed.toFixed(0)} ms`);
  });

  test('the content decides the MIME type; documentType and attachmentId must come from the policy', async () => {
    const attachment = requirements.fields.attachments[0];
    const documentType = attachment.allowedDocumentTypes[0];
    const text = await upload(
      orderId,
      attachment.id,
      Buffer.from('just text, not a pdf'),
      documentType,
      'application/pdf',
    );
    assert.deepEqual(fieldViolations(assertError(text, 400, 'INVALID_ARGUMENT')), ['file']);
    const badType = await upload(orderId, attachment.id, PDF, 'NOT_A_TYPE');
    assert.deepEqual(fieldViolations(assertError(badType, 400, 'INVALID_ARGUMENT')), ['documentType']);
    const unknown = await upload(orderId, '00000000-0000-4000-8000-000000000000', PDF, documentType);
    assert.deepEqual(fieldViolations(assertError(unknown, 400, 'INVALID_ARGUMENT')), ['attachmentId']);
  });

  test('upload (200, no body), and a re-upload replaces the file', async () => {
    for (const attachment of requirements.fields.attachments) {
      const file = attachment.allowedMimeTypes.includes('application/pdf') ? PDF : PNG;
      const first = await upload(orderId, attachment.id, file, attachment.allowedDocumentTypes[0]);
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body, undefined);
      assert.equal(first.contentType, undefined);
      const listed = (await call(t, { method: 'GET', url: orderUrl(orderId, '/registration') })).body
        .attachments;
      const stored = listed.find((a: any) => a.attachmentId === attachment.id);
      assert.equal(stored.uploadStatus, 'COMPLETED');
      assert.equal(stored.mimeType, file === PDF ? 'application/pdf' : 'image/png');
    }
    const again = await upload(
      orderId,
      requirements.fields.attachments[0].id,
      PDF,
      requirements.fields.attachments[0].allowedDocumentTypes.at(-1),
    );
    assert.equal(again.status, 200);
    const registration = (await call(t, { method: 'GET', url: orderUrl(orderId, '/registration') })).body;
    assert.equal(
      registration.attachments.length,
      requirements.fields.attachments.length,
      'replaced, not added',
    );
  });

  test('a file over 10 MiB → 413 CONTENT_TOO_LARGE, and nothing is stored', async () => {
    const attachment = requirements.attachments[0];
    const before = (await call(t, { method: 'GET', url: orderUrl(orderId, '/registration') })).body
      .attachments;
    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]);
    const res = await upload(orderId, attachment.id, big, attachment.allowedDocumentTypes[0]);
    const error = assertError(res, 413, 'CONTENT_TOO_LARGE');
    assert.deepEqual(error.details, [
      { type: 'RequestEntityTooLarge', resourceName: 'file', description: error.message },
    ]);
    assert.match(error.message, /10 MiB/);
    const after = (await call(t, { method: 'GET', url: orderUrl(orderId, '/registration') })).body
      .attachments;
    assert.deepEqual(after, before);
  });

  test('a multipart body without file → 400; not multipart → 415', async () => {
    const { payload, contentType } = multipart([{ name: 'documentType', value: 'PASSPORT' }]);
    const id = requirements.fields.attachments[0].id;
    const noFile = await t.app.inject({
      method: 'POST',
      url: orderUrl(orderId, `/attachments/${id}`),
      headers: { authorization: t.auth, 'content-type': contentType },
      payload,
    });
    assert.equal(noFile.statusCode, 400);
    const json = await call(t, { method: 'POST', url: orderUrl(orderId, `/attachments/${id}`), body: {} });
    assert.equal(json.status, 415);
    // The message names what was sent and what this operation takes.
    assert.match(
      json.body.error.message,
      /Content-Type "application\/json" is not supported here; send multipart\/form-data/,
    );
  });
});

describe("orders for every product: US LOCAL by quantity (the seed's CreateUsQuantityOrderRequest)", () => {
  // The document's example, with the callback pointed at the local receiver.
  const US_QUANTITY_ORDER = {
    regionCode: 'US',
    numberType: 'LOCAL',
    smsConfiguration: { servicePlanId: '1dez6a8300774283a4256aa756a11111' },
    quantityOrderOption: { requestedQuantity: 3, sequential: false },
  };
  let orderId: string;
  let phoneNumbers: string[];

  test('creates: three matching numbers reserved at once, each with its price and capabilities', async () => {
    const res = await create(US_QUANTITY_ORDER);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    orderId = res.body.idNumberOrder;
    assert.equal(res.body.state, 'CREATED');
    assert.equal(res.body.regionCode, 'US');
    phoneNumbers = res.body.orderNumbers.map((n: any) => n.phoneNumber);
    assert.equal(new Set(phoneNumbers).size, 3);
    for (const n of res.body.orderNumbers) {
      assert.match(n.phoneNumber, /^\+1\d{10}$/);
      assert.deepEqual(n.numberPrice.monthlyPrice, { currencyCode: 'USD', amount: '0.50' });
      assert.ok(n.capabilities.includes('SMS'));
    }
    for (const phone of phoneNumbers) {
      assertError(
        await call(t, { method: 'GET', url: `${BASE}/availableNumbers/${phone}` }),
        404,
        'NOT_FOUND',
      );
    }
  });

  test('no registration needed: submits and completes; the numbers become active numbers', async () => {
    const registration = (await call(t, { method: 'GET', url: orderUrl(orderId, '/registration') })).body;
    assert.deepEqual(registration, { requestDetails: { data: null }, attachments: [], logs: [] });
    const submitted = await submit(orderId);
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    assert.equal(submitted.body.state, 'IN_REVIEW');
    await t.advance(REVIEW_DELAY);
    assert.equal((await getOrder(orderId)).body.state, 'COMPLETED');
    for (const phone of phoneNumbers) {
      const active = await call(t, { method: 'GET', url: `${BASE}/activeNumbers/${phone}` });
      assert.equal(active.status, 200, phone);
      assert.equal(
        active.body.smsConfiguration.scheduledProvisioning.servicePlanId,
        US_QUANTITY_ORDER.smsConfiguration.servicePlanId,
      );
    }
  });

  test('the US LOCAL requirements lookup still answers 404 (live): there is nothing to register', async () => {
    assertError(await lookup({ regionCode: 'US', numberType: 'LOCAL' }), 404, 'NOT_FOUND');
  });

  test('an order without configuration leaves smsConfiguration and voiceConfiguration out', async () => {
    const res = await create({
      regionCode: 'US',
      numberType: 'LOCAL',
      quantityOrderOption: { requestedQuantity: 1 },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    for (const body of [res.body, (await getOrder(res.body.idNumberOrder)).body]) {
      assert.ok(!('smsConfiguration' in body) && !('voiceConfiguration' in body), JSON.stringify(body));
    }
  });

  test('an SMS configuration for voice-only numbers (GB LOCAL) → 400 naming smsConfiguration', async () => {
    const res = await create({
      regionCode: 'GB',
      numberType: 'LOCAL',
      smsConfiguration: { servicePlanId: 'plan-1' },
      quantityOrderOption: { requestedQuantity: 1 },
    });
    assert.deepEqual(fieldViolations(assertError(res, 400, 'INVALID_ARGUMENT')), ['smsConfiguration']);
  });

  test('requestedQuantity is required and between 1 and 100', async () => {
    for (const quantityOrderOption of [
      {},
      { requestedQuantity: 0 },
      { requestedQuantity: 101 },
      { requestedQuantity: 2.5 },
    ]) {
      const error = assertError(
        await create({ regionCode: 'US', numberType: 'LOCAL', quantityOrderOption }),
        400,
        'INVALID_ARGUMENT',
      );
      assert.deepEqual(
        fieldViolations(error),
        ['quantityOrderOption.requestedQuantity'],
        JSON.stringify(quantityOrderOption),
      );
    }
    const hundred = await create({
      regionCode: 'US',
      numberType: 'LOCAL',
      quantityOrderOption: { requestedQuantity: 100 },
    });
    assert.equal(hundred.status, 200, JSON.stringify(hundred.body));
    assert.equal(hundred.body.orderNumbers.length, 100);
  });

  test('more numbers than match the pattern → 404, and nothing is reserved', async () => {
    const search = await call(t, {
      method: 'GET',
      url: `${BASE}/availableNumbers?regionCode=US&type=LOCAL&size=1`,
    });
    const phone: string = search.body.availableNumbers[0].phoneNumber;
    // The whole national number as a pattern matches this one number only.
    const numberPattern = { pattern: phone.slice(2), searchPattern: 'END' };
    const error = assertError(
      await create({
        regionCode: 'US',
        numberType: 'LOCAL',
        quantityOrderOption: { requestedQuantity: 2, numberPattern },
      }),
      404,
      'NOT_FOUND',
    );
    assert.match(error.message, /none was reserved/);
    assert.equal((await call(t, { method: 'GET', url: `${BASE}/availableNumbers/${phone}` })).status, 200);
    const one = await create({
      regionCode: 'US',
      numberType: 'LOCAL',
      quantityOrderOption: { requestedQuantity: 1, numberPattern },
    });
    assert.deepEqual(
      one.body.orderNumbers.map((n: any) => n.phoneNumber),
      [phone],
    );
  });
});

describe('createNumberOrder validation', () => {
  test('exactly one option, one number, of the right region and type', async () => {
    const { phoneNumber } = await orderable('AU', 'MOBILE');
    const cases: [unknown, string][] = [
      [{ regionCode: 'AU', numberType: 'MOBILE' }, 'numberOrderOption'],
      [
        {
          ...AU_ORDER,
          numberOrderOption: { phoneNumbers: [phoneNumber] },
          quantityOrderOption: { requestedQuantity: 1 },
        },
        'numberOrderOption',
      ],
      [
        { ...AU_ORDER, numberOrderOption: { phoneNumbers: [phoneNumber, '+61411111113'] } },
        'numberOrderOption.phoneNumbers',
      ],
      [
        { ...AU_ORDER, numberOrderOption: { phoneNumbers: ['0411111112'] } },
        'numberOrderOption.phoneNumbers[0]',
      ],
      [{ ...AU_ORDER, numberType: 'FIXED' }, 'numberType'],
      [{ ...AU_ORDER, regionCode: 'ZZ' }, 'regionCode'],
      [{ ...AU_ORDER, smsConfiguration: {} }, 'smsConfiguration.servicePlanId'],
      [
        { ...AU_ORDER, numberOrderOption: { phoneNumbers: [phoneNumber] }, callbackUrl: 'ftp://x' },
        'callbackUrl',
      ],
    ];
    for (const [body, field] of cases) {
      const error = assertError(await create(body), 400, 'INVALID_ARGUMENT');
      assert.ok(fieldViolations(error).includes(field), `${JSON.stringify(body)} → ${JSON.stringify(error)}`);
    }
    const de = (await orderable('DE', 'LOCAL')).phoneNumber;
    assert.deepEqual(
      fieldViolations(
        assertError(
          await create({ ...AU_ORDER, numberOrderOption: { phoneNumbers: [de] } }),
          400,
          'INVALID_ARGUMENT',
        ),
      ),
      ['numberOrderOption.phoneNumbers'],
    );
  });

  test('two orders racing for one number: exactly one wins', async () => {
    const { phoneNumber } = await orderable('AU', 'MOBILE');
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        create({ ...AU_ORDER, numberOrderOption: { phoneNumbers: [phoneNumber] } }),
      ),
    );
    assert.equal(results.filter((r) => r.status === 200).length, 1);
    assert.ok(results.filter((r) => r.status !== 200).every((r) => r.status === 404));
  });

  test('unknown order → 404; another project → 403', async () => {
    assertError(await getOrder('01jgkbb8xywmz3hhahd76menqf'), 404, 'NOT_FOUND');
    assertError(
      await call(t, { method: 'GET', url: orderUrl('x'), headers: { authorization: t.other.auth } }),
      403,
      'PERMISSION_DENIED',
    );
  });
});

describe('operator review (operator mode) and policies', () => {
  test('an order waits IN_REVIEW until the operator decides; attachments can be downloaded', async () => {
    const operator = await startTestApp({ OPEN_NUMBERS_MODE: 'operator' });
    try {
      const o = (method: any, url: string, body?: unknown, headers: Record<string, string> = {}) =>
        call(operator, { method, url, body, headers });
      const requirements = (
        await o('POST', `${BASE}/numberOrders:lookupNumberRequirements`, {
          regionCode: 'AU',
          numberType: 'MOBILE',
        })
      ).body;
      assert.ok(requirements.fields);
      const search = await o('GET', `${BASE}/availableNumbers?regionCode=AU&type=MOBILE&size=1`);
      const phone = search.body.availableNumbers[0].phoneNumber;
      const order = (
        await o('POST', `${BASE}/numberOrders:createNumberOrder`, {
          ...AU_ORDER,
          numberOrderOption: { phoneNumbers: [phone] },
        })
      ).body;
      await o('PUT', orderUrl(order.idNumberOrder, '/registration'), AU_REGISTRATION);
      await o('POST', orderUrl(order.idNumberOrder, '/submit'));
      const queue = await operator.app.inject({
        method: 'GET',
        url: '/admin/v1/numberOrders?state=IN_REVIEW',
        headers: admin,
      });
      const listed = queue.json().numberOrders;
      assert.deepEqual(
        listed.map((x: any) => x.idNumberOrder),
        [order.idNumberOrder],
      );
      assert.deepEqual(listed[0].registration.requestDetails.data, AU_REGISTRATION.requestDetails.data);

      const review = (body: unknown) =>
        operator.app.inject({
          method: 'POST',
          url: `/admin/v1/projects/project-a/numberOrders/${order.idNumberOrder}:review`,
          headers: admin,
          payload: body as any,
        });
      assert.equal((await review({ decision: 'REJECTED' })).statusCode, 400, 'a rejection needs a reason');
      // A request for more information sends the order back to the customer, with the message in
      // the registration's logs and a fresh reservation window to answer in.
      const question = 'Please provide a local Australian contact number';
      assert.equal(
        (await review({ decision: 'REQUEST_INFORMATION' })).statusCode,
        400,
        'a request needs a message',
      );
      const asked = await review({ decision: 'REQUEST_INFORMATION', reason: question });
      assert.equal(asked.statusCode, 200, asked.body);
      assert.equal(asked.json().state, 'CREATED');
      assert.equal(
        Date.parse(asked.json().expireTime) - Date.parse(asked.json().updateTime),
        48 * 3600 * 1000,
        'a fresh reservation window to answer in',
      );
      const logsAfterQuestion = (await o('GET', orderUrl(order.idNumberOrder, '/registration'))).body.logs;
      assert.deepEqual(
        logsAfterQuestion.map((l: any) => l.message),
        [question],
      );
      assert.equal(
        (await o('PUT', orderUrl(order.idNumberOrder, '/registration'), AU_REGISTRATION)).status,
        200,
      );
      assert.equal((await o('POST', orderUrl(order.idNumberOrder, '/submit'))).body.state, 'IN_REVIEW');
      const rejected = await review({
        decision: 'REJECTED',
        reason: 'The business address is not in Australia',
      });
      assert.equal(rejected.statusCode, 200);
      // The operator's answer has the reason; the customer reads it in the registration's logs.
      assert.equal(rejected.json().rejectionReason, 'The business address is not in Australia');
      const got = await o('GET', orderUrl(order.idNumberOrder));
      assert.equal(got.body.state, 'REJECTED');
      const registration = (await o('GET', orderUrl(order.idNumberOrder, '/registration'))).body;
      assert.deepEqual(
        registration.logs.map((l: any) => l.message),
        [question, 'The business address is not in Australia'],
        'the logs grow with each decision, oldest first',
      );
      assert.ok(registration.logs[0].createTime <= registration.logs[1].createTime);
      assert.equal((await review({ decision: 'COMPLETED' })).statusCode, 400, 'decided orders stay decided');
      const unauthorized = await operator.app.inject({ method: 'GET', url: '/admin/v1/numberOrders' });
      assert.equal(unauthorized.statusCode, 401);
    } finally {
      await operator.close();
    }
  });

  test('admin downloads an uploaded attachment byte for byte', async () => {
    const found = await orderable('DE', 'LOCAL');
    const order = (
      await create({
        regionCode: 'DE',
        numberType: 'LOCAL',
        numberOrderOption: { phoneNumbers: [found.phoneNumber] },
      })
    ).body;
    const attachment = found.requirements.fields.attachments.find((a: any) =>
      a.allowedMimeTypes.includes('application/pdf'),
    );
    assert.equal(
      (await upload(order.idNumberOrder, attachment.id, PDF, attachment.allowedDocumentTypes[0])).status,
      200,
    );
    const res = await t.app.inject({
      method: 'GET',
      url: `/admin/v1/projects/project-a/numberOrders/${order.idNumberOrder}/attachments/${attachment.id}`,
      headers: admin,
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.deepEqual(res.rawPayload, PDF);
  });

  test('policies: list, read, replace with a new version that lookup then serves; invalid documents → 400', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/admin/v1/kycPolicies', headers: admin });
    assert.ok(list.json().policies.length >= 14);
    const current = (
      await t.app.inject({ method: 'GET', url: '/admin/v1/kycPolicies/AU/MOBILE', headers: admin })
    ).json();
    const replaced = await t.app.inject({
      method: 'PUT',
      url: '/admin/v1/kycPolicies/AU/MOBILE',
      headers: admin,
      payload: {
        ...current,
        rules: [...current.rules, { id: 'operator-extra', description: 'An extra check' }],
      },
    });
    assert.equal(replaced.statusCode, 200, replaced.body);
    assert.equal(replaced.json().version, current.version + 1);
    const served = (await lookup({ regionCode: 'AU', numberType: 'MOBILE' })).body;
    assert.ok(served.fields.rules.some((r: any) => r.id === 'operator-extra'));
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/admin/v1/kycPolicies/AU/MOBILE',
      headers: admin,
      payload: { dataSchema: 5 },
    });
    assert.equal(bad.statusCode, 400);
    const backtracking = structuredClone(current);
    backtracking.dataSchema.items[2].properties.lastName.pattern = '^([a-z]+)+$';
    const unsafe = await t.app.inject({
      method: 'PUT',
      url: '/admin/v1/kycPolicies/AU/MOBILE',
      headers: admin,
      payload: backtracking,
    });
    assert.equal(unsafe.statusCode, 400, unsafe.body);
    assert.match(
      unsafe.json().error.details[0].fieldViolations[0].description,
      /lastName: the pattern .* is not linear-time safe/,
    );
    const unbounded = structuredClone(current);
    delete unbounded.dataSchema.items[2].properties.lastName.maxLength;
    const refused = await t.app.inject({
      method: 'PUT',
      url: '/admin/v1/kycPolicies/AU/MOBILE',
      headers: admin,
      payload: unbounded,
    });
    assert.equal(refused.statusCode, 400, refused.body);
    assert.match(refused.body, /lastName: a string without maxLength/);
    const added = await t.app.inject({
      method: 'PUT',
      url: '/admin/v1/kycPolicies/GB/LOCAL',
      headers: admin,
      payload: { ...current, regionCode: 'GB', numberType: 'LOCAL', title: 'UK geographic numbers' },
    });
    assert.equal(added.statusCode, 200, added.body);
    assert.equal((await lookup({ regionCode: 'GB', numberType: 'LOCAL' })).status, 200);
    const gb = await call(t, {
      method: 'GET',
      url: `${BASE}/availableNumbers?regionCode=GB&type=LOCAL&size=1`,
    });
    assert.equal(gb.body.availableNumbers[0].supportingDocumentationRequired, true);
  });
});

describe('KYC numbers and :rent', () => {
  test('a number of a pair with a KYC policy cannot be rented directly → 400 INVALID_ARGUMENT: use a number order', async () => {
    const { phoneNumber } = await orderable('DE', 'LOCAL');
    const res = await call(t, {
      method: 'POST',
      url: `${BASE}/availableNumbers/${phoneNumber}:rent`,
      body: {},
    });
    const error = assertError(res, 400, 'INVALID_ARGUMENT');
    assert.match(error.message, /use a number order \(numberOrders:createNumberOrder\)/);
    assert.deepEqual(fieldViolations(error), ['phoneNumber']);
    assert.equal(
      (await call(t, { method: 'GET', url: `${BASE}/availableNumbers/${phoneNumber}` })).status,
      200,
    );
  });

  test('a policy for a pair that is not sold → 400', async () => {
    const current = (
      await t.app.inject({ method: 'GET', url: '/admin/v1/kycPolicies/AU/MOBILE', headers: admin })
    ).json();
    const res = await t.app.inject({
      method: 'PUT',
      url: '/admin/v1/kycPolicies/US/MOBILE',
      headers: admin,
      payload: { ...current, regionCode: 'US', numberType: 'MOBILE' },
    });
    assert.equal(res.statusCode, 400);
  });
});

describe('open orders per project', () => {
  test('the 51st open order of a project → 400; another project is not affected', async () => {
    const app = await startTestApp({ OPEN_NUMBERS_INVENTORY_PER_TYPE: '60' });
    try {
      const search = await call(app, {
        method: 'GET',
        url: `${BASE}/availableNumbers?regionCode=AU&type=MOBILE&size=60`,
      });
      const numbers: string[] = search.body.availableNumbers.map((n: any) => n.phoneNumber);
      assert.ok(numbers.length >= 52);
      const order = (phone: string, headers?: Record<string, string>, project = 'project-a') =>
        call(app, {
          method: 'POST',
          url: `/v1/projects/${project}/numberOrders:createNumberOrder`,
          body: { ...AU_ORDER, numberOrderOption: { phoneNumbers: [phone] } },
          headers,
        });
      for (const phone of numbers.slice(0, 50)) assert.equal((await order(phone)).status, 200);
      assert.match(
        assertError(await order(numbers[50]!), 400, 'FAILED_PRECONDITION').message,
        /50 open number orders/,
      );
      assert.equal(
        (await order(numbers[51]!, { authorization: app.other.auth }, app.other.projectId)).status,
        200,
      );
    } finally {
      await app.close();
    }
  });
});
