import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, BASE, call, fieldViolations, rent } from '../helpers/api.js';
import { startTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
let usNumber: string;
before(async () => {
  t = await startTestApp();
  usNumber = (await rent(t)).phoneNumber;
});
after(() => t.close());

const url = (number: string, verb = '') => `${BASE}/activeNumbers/${number}/emergencyAddress${verb}`;
const lenox = {
  streetNumber: '3500',
  streetInfo: 'Lenox Road NE',
  city: 'Atlanta',
  state: 'GA',
  postalCode: '30326',
};

describe(':validate', () => {
  test('NEAR_MATCH corrects abbreviations (the SDK e2e example)', async () => {
    const res = await call(t, {
      method: 'POST',
      url: url(usNumber, ':validate'),
      body: { displayName: 'HQ', address: lenox },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      phoneNumber: usNumber,
      displayName: 'HQ',
      validatedAddress: { ...lenox, location: '', postalCodePlusFour: '' },
      validationResult: 'NEAR_MATCH',
      validationMessage: 'Corrected to valid address|Corrected address abbreviations',
      correctedAddress: { ...lenox, streetInfo: 'Lenox Rd NE', location: '', postalCodePlusFour: '' },
      candidateAddresses: [],
    });
  });

  test('EXACT_MATCH for a standard address, state names become codes, ZIP+4 is split', async () => {
    const exact = await call(t, {
      method: 'POST',
      url: url(usNumber, ':validate'),
      body: { displayName: 'HQ', address: { ...lenox, streetInfo: 'Lenox Rd NE' } },
    });
    assert.equal(exact.body.validationResult, 'EXACT_MATCH');
    const near = await call(t, {
      method: 'POST',
      url: url(usNumber, ':validate'),
      body: {
        displayName: 'HQ',
        address: { ...lenox, streetInfo: 'Lenox Rd NE', state: 'Georgia', postalCode: '30326-1234' },
      },
    });
    assert.equal(near.body.validationResult, 'NEAR_MATCH');
    assert.equal(near.body.correctedAddress.state, 'GA');
    assert.equal(near.body.correctedAddress.postalCodePlusFour, '1234');
  });

  test('NO_MATCH: every corrected field "", candidates when a fix is plausible', async () => {
    const res = await call(t, {
      method: 'POST',
      url: url(usNumber, ':validate'),
      body: { displayName: 'HQ', address: { ...lenox, state: 'CA' } },
    });
    assert.equal(res.body.validationResult, 'NO_MATCH');
    assert.match(res.body.validationMessage, /^Invalid address - no correction found\|.*Address is Invalid$/);
    assert.deepEqual(Object.values(res.body.correctedAddress), ['', '', '', '', '', '', '']);
    assert.equal(res.body.candidateAddresses[0].state, 'GA', 'the ZIP says Georgia');
  });

  test('a missing address → 400', async () => {
    const error = assertError(
      await call(t, { method: 'POST', url: url(usNumber, ':validate'), body: { displayName: 'x' } }),
      400,
      'INVALID_ARGUMENT',
    );
    assert.deepEqual(fieldViolations(error), ['address']);
  });
});

describe(':provision, GET, :deprovision', () => {
  test('before provisioning, GET → 404 "Missing E911 feature"', async () => {
    const error = assertError(await call(t, { method: 'GET', url: url(usNumber) }), 404, 'NOT_FOUND');
    assert.deepEqual(error, {
      code: 404,
      message: 'Missing E911 feature',
      status: 'NOT_FOUND',
      details: [
        {
          type: 'ResourceInfo',
          resourceType: 'EmergencyAddress',
          resourceName: '',
          owner: '',
          description: 'Missing E911 feature',
        },
      ],
    });
  });

  test('provision stores and echoes the corrected address with "" for absent parts; GET returns it', async () => {
    const res = await call(t, {
      method: 'POST',
      url: url(usNumber, ':provision'),
      body: { displayName: 'HQ', address: lenox },
    });
    assert.equal(res.status, 200);
    const expected = { ...lenox, streetInfo: 'Lenox Rd NE', location: '', postalCodePlusFour: '' };
    assert.deepEqual(res.body, expected);
    assert.deepEqual(
      (await call(t, { method: 'GET', url: url(encodeURIComponent(usNumber)) })).body,
      expected,
    );
  });

  test('an address with no match is not provisioned → 400', async () => {
    const res = await call(t, {
      method: 'POST',
      url: url(usNumber, ':provision'),
      body: { displayName: 'HQ', address: { ...lenox, postalCode: '' } },
    });
    assert.deepEqual(fieldViolations(assertError(res, 400, 'INVALID_ARGUMENT')), ['address']);
  });

  test('deprovision answers 200 with no body (as Sinch documents it) and the address is gone', async () => {
    const res = await call(t, {
      method: 'POST',
      url: url(usNumber, ':deprovision'),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body, undefined);
    assert.equal(res.headers['content-type'], undefined);
    assertError(await call(t, { method: 'GET', url: url(usNumber) }), 404, 'NOT_FOUND');
  });
});

describe('numbers without the feature, and access', () => {
  test('a non-US number → 404 "Missing E911 feature"', async () => {
    const gb = (await rent(t, {}, 'GB', 'MOBILE')).phoneNumber;
    for (const [method, verb] of [
      ['GET', ''],
      ['POST', ':provision'],
      ['POST', ':validate'],
      ['POST', ':deprovision'],
    ] as const) {
      const res = await call(t, {
        method,
        url: url(gb, verb),
        body: method === 'POST' ? { displayName: 'x', address: lenox } : undefined,
      });
      assert.equal(assertError(res, 404, 'NOT_FOUND').message, 'Missing E911 feature');
    }
  });

  test('a number the project does not rent → 404 ActiveNumber', async () => {
    const error = assertError(await call(t, { method: 'GET', url: url('+12025550199') }), 404, 'NOT_FOUND');
    assert.equal(error.details[0].resourceType, 'ActiveNumber');
  });

  test('401 without credentials, 403 for another project', async () => {
    assertError(
      await call(t, { method: 'GET', url: url(usNumber), headers: { authorization: '' } }),
      401,
      'UNAUTHENTICATED',
    );
    assertError(
      await call(t, { method: 'GET', url: url(usNumber), headers: { authorization: t.other.auth } }),
      403,
      'PERMISSION_DENIED',
    );
  });
});
