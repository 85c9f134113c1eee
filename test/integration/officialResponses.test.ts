/**
 * Real answers of the main Numbers API and Number Order operations, checked against the schemas
 * of Sinch's own document (contract §14) as live traffic amends it (`null`s of §5: see
 * asLiveAmendsIt). test/contract/officialDocument.test.ts compares the two documents; this
 * checks that what a client gets is what Sinch's document describes, on either store.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE, type Call, call, someAvailable } from '../helpers/api.js';
import { multipart, PDF } from '../helpers/multipart.js';
import {
  asLiveAmendsIt,
  officialDocumentSkip,
  officialNumbersDocument,
  officialResponseChecker,
} from '../helpers/officialDocument.js';
import { startTestApp, type TestApp } from '../helpers/testApp.js';

const skip = officialDocumentSkip();
const checker = skip
  ? (undefined as never)
  : officialResponseChecker(asLiveAmendsIt(officialNumbersDocument()));
const seen = new Set<string>();

let t: TestApp;
before(async () => {
  if (skip) return;
  t = await startTestApp({ OPEN_NUMBERS_PROVISIONING_DELAY_SECONDS: '2' });
});
after(() => t?.close());

/** Sends the request (our own response check included), then checks the answer against Sinch's document. */
async function official(request: Call, status = 200) {
  const res = await call(t, request);
  assert.equal(res.status, status, JSON.stringify(res.body));
  checker.check(request, res);
  seen.add(`${checker.operationFor(request)!.id} ${status}`);
  return res.body;
}

const lenox = {
  streetNumber: '3500',
  streetInfo: 'Lenox Rd NE',
  city: 'Atlanta',
  state: 'GA',
  postalCode: '30326',
};

describe("answers as Sinch's document describes them", { skip }, () => {
  test('regions and available numbers', async () => {
    await official({ method: 'GET', url: `${BASE}/availableRegions?types=LOCAL` });
    const search = await official({
      method: 'GET',
      url: `${BASE}/availableNumbers?regionCode=US&type=LOCAL&size=3`,
    });
    assert.equal(search.availableNumbers.length, 3);
    await official({
      method: 'GET',
      url: `${BASE}/availableNumbers/${search.availableNumbers[0].phoneNumber}`,
    });
    // Nothing matches: still the document's shape.
    await official({ method: 'GET', url: `${BASE}/availableNumbers?regionCode=US&type=MOBILE` });
  });

  test('an active number through its life: rent, provisioning, PATCH, list, release', async () => {
    const number = await someAvailable(t);
    const rented = await official({
      method: 'POST',
      url: `${BASE}/availableNumbers/${number}:rent`,
      body: {
        smsConfiguration: { servicePlanId: 'plan-1', campaignId: 'CAMP1' },
        voiceConfiguration: { type: 'RTC', appId: 'app-1' },
        callbackUrl: 'https://example.com/hook',
      },
    });
    assert.equal(rented.smsConfiguration.scheduledProvisioning.status, 'WAITING');
    await t.advance(5);
    const provisioned = await official({ method: 'GET', url: `${BASE}/activeNumbers/${number}` });
    assert.equal(provisioned.smsConfiguration.scheduledProvisioning, null, 'live sends null (§5)');
    const patched = await official({
      method: 'PATCH',
      url: `${BASE}/activeNumbers/${number}`,
      body: { displayName: 'Front desk', voiceConfiguration: { type: 'FAX', serviceId: 'fax-1' } },
    });
    assert.equal(patched.voiceConfiguration.scheduledVoiceProvisioning.type, 'FAX');
    await official({ method: 'GET', url: `${BASE}/activeNumbers?regionCode=US&type=LOCAL&pageSize=1` });
    const released = await official({ method: 'POST', url: `${BASE}/activeNumbers/${number}:release` });
    assert.equal(released.expireAt, released.nextChargeDate);
    await official({ method: 'GET', url: `${BASE}/activeNumbers` });
  });

  test('rentAny, and a failed provisioning with its error code', async () => {
    const rented = await official({
      method: 'POST',
      url: `${BASE}/availableNumbers:rentAny`,
      body: {
        regionCode: 'US',
        type: 'LOCAL',
        capabilities: ['SMS'],
        smsConfiguration: { servicePlanId: 'FAIL_X' },
      },
    });
    await t.advance(5);
    const failed = await official({ method: 'GET', url: `${BASE}/activeNumbers/${rented.phoneNumber}` });
    assert.deepEqual(failed.smsConfiguration.scheduledProvisioning.errorCodes, ['SMS_PROVISIONING_FAILED']);
  });

  test('callback configuration', async () => {
    await official({ method: 'GET', url: `${BASE}/callbackConfiguration` });
    await official({
      method: 'PATCH',
      url: `${BASE}/callbackConfiguration`,
      body: { hmacSecret: 'a'.repeat(32) },
    });
  });

  test('emergency address: validate, provision, get, deprovision (no body)', async () => {
    const number = (
      await official({
        method: 'POST',
        url: `${BASE}/availableNumbers:rentAny`,
        body: { regionCode: 'US', type: 'LOCAL' },
      })
    ).phoneNumber;
    const url = (verb = '') => `${BASE}/activeNumbers/${number}/emergencyAddress${verb}`;
    await official({
      method: 'POST',
      url: url(':validate'),
      body: { displayName: 'HQ', address: { ...lenox, state: 'CA' } },
    });
    await official({ method: 'POST', url: url(':provision'), body: { displayName: 'HQ', address: lenox } });
    await official({ method: 'GET', url: url() });
    const gone = await official({ method: 'POST', url: url(':deprovision') });
    assert.equal(gone, undefined);
  });

  test('number orders: lookup, create, registration, submit', async () => {
    await official({
      method: 'POST',
      url: `${BASE}/numberOrders:lookupNumberRequirements`,
      body: { regionCode: 'AU', numberType: 'MOBILE' },
    });
    const phoneNumber = await someAvailable(t, 'AU', 'MOBILE');
    const order = await official({
      method: 'POST',
      url: `${BASE}/numberOrders:createNumberOrder`,
      body: {
        regionCode: 'AU',
        numberType: 'MOBILE',
        smsConfiguration: { servicePlanId: 'plan-1' },
        voiceConfiguration: { type: 'EST', trunkId: 'trunk-1' },
        callbackUrl: 'https://example.com/hook',
        numberOrderOption: { phoneNumbers: [phoneNumber] },
      },
    });
    // Both configurations, in the document's place; the callbackUrl is not echoed (no such key there).
    assert.deepEqual(Object.keys(order).slice(6, 9), [
      'smsConfiguration',
      'voiceConfiguration',
      'expireTime',
    ]);
    assert.ok(!('callbackUrl' in order));
    const orderUrl = `${BASE}/numberOrders/${order.idNumberOrder}`;
    await official({ method: 'GET', url: orderUrl });
    await official({ method: 'GET', url: `${orderUrl}/registration` });
    await official({
      method: 'PUT',
      url: `${orderUrl}/registration`,
      body: {
        requestDetails: {
          data: [
            [
              {
                senderId: phoneNumber,
                purposeOfTheTraffic: 'One Time Password',
                intendedUseOfMobileNumbers: 'Transactional',
                iConfirmThatMyBusinessHasAValidUseCaseForThisLn: true,
              },
            ],
            {
              endBusinessName: 'Example',
              endBusinessAddress: 'Example',
              city: 'Victoria',
              state: 'VIC',
              country: 'AU',
              postalCode: '3000',
            },
            { firstName: 'Example', lastName: 'Example', phoneNumber },
          ],
        },
      },
    });
    await official({ method: 'POST', url: `${orderUrl}/submit` });
  });

  test('an attachment upload answers 200 with no body; the registration lists it', async () => {
    const requirements = await official({
      method: 'POST',
      url: `${BASE}/numberOrders:lookupNumberRequirements`,
      body: { regionCode: 'DE', numberType: 'LOCAL' },
    });
    const attachment = requirements.attachments.find(
      (a: any) => a.allowedMimeTypes.length === 0 || a.allowedMimeTypes.includes('application/pdf'),
    );
    const order = await official({
      method: 'POST',
      url: `${BASE}/numberOrders:createNumberOrder`,
      body: { regionCode: 'DE', numberType: 'LOCAL', quantityOrderOption: { requestedQuantity: 1 } },
    });
    const { payload, contentType } = multipart([
      { name: 'file', value: PDF, filename: 'proof.pdf', contentType: 'application/pdf' },
      { name: 'documentType', value: attachment.allowedDocumentTypes[0] },
    ]);
    const request = {
      method: 'POST',
      url: `${BASE}/numberOrders/${order.idNumberOrder}/attachments/${attachment.id}`,
    };
    const res = await t.app.inject({
      ...request,
      headers: { authorization: t.auth, 'content-type': contentType },
      payload,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.body, '');
    assert.equal(res.headers['content-type'], undefined);
    checker.check(request, { status: 200, headers: res.headers, body: undefined, text: res.body });
    seen.add('UploadNumberOrderAttachment 200');
    const registration = await official({
      method: 'GET',
      url: `${BASE}/numberOrders/${order.idNumberOrder}/registration`,
    });
    assert.deepEqual(
      registration.attachments.map((a: any) => [a.attachmentId, a.uploadStatus]),
      [[attachment.id, 'COMPLETED']],
    );
  });

  test('errors: 400 and 404 in the document’s envelopes', async () => {
    await official({ method: 'GET', url: `${BASE}/activeNumbers/+12025550199` }, 404);
    await official({ method: 'GET', url: `${BASE}/availableNumbers/+12025550199` }, 404);
    await official({ method: 'POST', url: `${BASE}/availableNumbers:rentAny`, body: { type: 'LOCAL' } }, 400);
    await official({ method: 'GET', url: `${BASE}/availableNumbers?regionCode=US&type=FIXED` }, 400);
    await official({ method: 'GET', url: `${BASE}/numberOrders/no-such-order` }, 404);
  });

  test('a lookup of a product without requirements is the live 404, which the document does not declare', async () => {
    const request: Call = {
      method: 'POST',
      url: `${BASE}/numberOrders:lookupNumberRequirements`,
      body: { regionCode: 'US', numberType: 'LOCAL' },
    };
    const res = await call(t, request);
    assert.throws(() => checker.check(request, res), /answered 404, which Sinch's document does not declare/);
    // Contract §6 [LIVE]: "Number requirements not found", in the document's NotFound envelope.
    checker.checkSchema('NotFound', res.body);
    assert.equal(res.body.error.details[0].resourceType, 'NumberProduct');
  });

  test('every success answer of the main operations was checked', () => {
    for (const id of [
      'NumberService_ListAvailableRegions',
      'NumberService_ListAvailableNumbers',
      'NumberService_GetAvailableNumber',
      'NumberService_RentNumber',
      'NumberService_RentAnyNumber',
      'NumberService_GetActiveNumber',
      'NumberService_UpdateActiveNumber',
      'NumberService_ListActiveNumbers',
      'NumberService_ReleaseNumber',
      'GetCallbackConfiguration',
      'UpdateCallbackConfiguration',
      'NumberService_ValidateEmergencyAddress',
      'NumberService_ProvisionEmergencyAddress',
      'NumberService_GetEmergencyAddress',
      'NumberService_DeprovisionEmergencyAddress',
      'LookupNumberRequirements',
      'CreateNumberOrder',
      'GetNumberOrder',
      'GetNumberOrderRegistration',
      'UpdateNumberOrderRegistration',
      'SubmitNumberOrder',
      'UploadNumberOrderAttachment',
    ]) {
      assert.ok(seen.has(`${id} 200`), `${id} 200 was not checked`);
    }
  });
});

describe("the check against Sinch's document can fail", { skip }, () => {
  const request = { method: 'GET', url: `${BASE}/activeNumbers/+12025550100` };
  const headers = { 'content-type': 'application/json' };

  test('a key too many, a mistyped value, a null that neither the document nor live traffic allows', async () => {
    const number = await official({
      method: 'POST',
      url: `${BASE}/availableNumbers:rentAny`,
      body: { regionCode: 'US', type: 'LOCAL' },
    });
    checker.check(request, { status: 200, headers, body: number });
    assert.throws(
      () => checker.check(request, { status: 200, headers, body: { ...number, paymentIntervalMonths: '1' } }),
      /paymentIntervalMonths/,
    );
    assert.throws(
      () => checker.check(request, { status: 200, headers, body: { ...number, capability: ['MMS'] } }),
      /capability/,
    );
    assert.throws(
      () => checker.check(request, { status: 200, headers, body: { ...number, displayName: null } }),
      /displayName/,
    );
    assert.throws(
      () =>
        checker.check(request, {
          status: 200,
          headers,
          body: { ...number, money: { ...number.money, cents: 50 } },
        }),
      /keys Sinch's document does not: money\.cents/,
    );
    assert.throws(() => checker.check(request, { status: 418, headers, body: {} }), /418/);
    assert.throws(
      () =>
        checker.check(
          { method: 'POST', url: `${BASE}/activeNumbers/+1:release/x` },
          { status: 200, headers, body: {} },
        ),
      /no operation/,
    );
  });
});
