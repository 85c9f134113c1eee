/**
 * Emergency (E911) addresses through the official Node SDK (contract §3.10, §4.13): every
 * emergency method on `sinch.numbers` — validateEmergencyAddress, provisionEmergencyAddress,
 * getEmergencyAddress, deprovisionEmergencyAddress — with the values of the SDK's own e2e steps,
 * the NO_MATCH path and the "Missing E911 feature" 404. A recording proxy shows what the SDK sent.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Numbers as Models } from '@sinch/sdk-core';
import { type Numbers, sdkError, sdkFor } from './client.js';
import { lastExchangeTo, type RecordingProxy, startRecordingProxy } from './proxy.js';
import { type RunningServer, startServer } from './server.js';

const ADDRESS_KEYS = [
  'streetNumber',
  'streetInfo',
  'location',
  'city',
  'state',
  'postalCode',
  'postalCodePlusFour',
];
const VALIDATE_KEYS = [
  'phoneNumber',
  'displayName',
  'validatedAddress',
  'validationResult',
  'validationMessage',
  'correctedAddress',
  'candidateAddresses',
];

/** The address of the SDK's e2e steps (`emergency-address.steps.ts`). */
const SDK_E2E_ADDRESS: Models.EmergencyAddressCreation = {
  streetNumber: '3500',
  streetInfo: 'Lenox Road NE',
  city: 'Atlanta',
  state: 'GA',
  postalCode: '30326',
};
/** What upstream answers for it: abbreviations corrected, absent optionals as "". */
const SDK_E2E_CORRECTED = {
  streetNumber: '3500',
  streetInfo: 'Lenox Rd NE',
  location: '',
  city: 'Atlanta',
  state: 'GA',
  postalCode: '30326',
  postalCodePlusFour: '',
};
/** A Georgia street with a California ZIP: no correction is possible. */
const MISMATCHED_ADDRESS: Models.EmergencyAddressCreation = {
  streetNumber: '3500',
  streetInfo: 'Lenox Rd NE',
  city: 'Atlanta',
  state: 'GA',
  postalCode: '90210',
};
const EMPTY_ADDRESS = {
  streetNumber: '',
  streetInfo: '',
  location: '',
  city: '',
  state: '',
  postalCode: '',
  postalCodePlusFour: '',
};
/** The live 404 for a number without the feature or without an address (contract §3.10). */
const MISSING_E911 = {
  error: {
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
  },
};

let server: RunningServer;
let proxy: RecordingProxy;
let numbers: Numbers;

before(async () => {
  server = await startServer();
  proxy = await startRecordingProxy(server.baseUrl);
  numbers = sdkFor(proxy);
});

after(async () => {
  await proxy?.close();
  await server?.dispose();
});

/** A US LOCAL number (SMS and VOICE): it has the E911 feature. */
async function rentUsNumber(): Promise<string> {
  const rented = await numbers.rentAny({ rentAnyNumberRequestBody: { regionCode: 'US', type: 'LOCAL' } });
  assert.deepEqual(rented.capability, ['SMS', 'VOICE']);
  return rented.phoneNumber!;
}

/** A GB landline: voice-capable, but outside the US, so without the E911 feature. */
async function rentGbLandline(): Promise<string> {
  const { availableNumbers } = await numbers.searchForAvailableNumbers({
    regionCode: 'GB',
    type: 'LOCAL',
    size: 1,
  });
  const rented = await numbers.rent({
    phoneNumber: availableNumbers![0].phoneNumber!,
    rentNumberRequestBody: {},
  });
  assert.ok(rented.capability!.includes('VOICE'));
  return rented.phoneNumber!;
}

describe('validateEmergencyAddress', () => {
  it('answers NEAR_MATCH with the corrected abbreviations for the SDK e2e address', async () => {
    const phoneNumber = await rentUsNumber();
    const validated = await numbers.validateEmergencyAddress({
      phoneNumber,
      emergencyAddressRequestBody: { displayName: 'Headquarters', address: SDK_E2E_ADDRESS },
    });
    const sent = lastExchangeTo(proxy, ':validate');
    assert.equal(sent.method, 'POST');
    assert.ok(sent.url.endsWith(`/activeNumbers/${phoneNumber}/emergencyAddress:validate`), sent.url);
    assert.deepEqual(JSON.parse(sent.requestBody), { displayName: 'Headquarters', address: SDK_E2E_ADDRESS });

    assert.deepEqual(Object.keys(validated), VALIDATE_KEYS);
    assert.deepEqual(validated, {
      phoneNumber,
      displayName: 'Headquarters',
      validatedAddress: { ...SDK_E2E_ADDRESS, location: '', postalCodePlusFour: '' },
      validationResult: 'NEAR_MATCH',
      validationMessage: 'Corrected to valid address|Corrected address abbreviations',
      correctedAddress: SDK_E2E_CORRECTED,
      candidateAddresses: [],
    });
    assert.deepEqual(Object.keys(validated.validatedAddress!), ADDRESS_KEYS);
    assert.deepEqual(Object.keys(validated.correctedAddress!), ADDRESS_KEYS);
  });

  it('answers EXACT_MATCH for an already standard address, echoing it as the correction', async () => {
    const phoneNumber = await rentUsNumber();
    const validated = await numbers.validateEmergencyAddress({
      phoneNumber,
      emergencyAddressRequestBody: { displayName: 'HQ', address: SDK_E2E_CORRECTED },
    });
    assert.equal(validated.validationResult, 'EXACT_MATCH');
    assert.deepEqual(validated.validatedAddress, SDK_E2E_CORRECTED);
    assert.deepEqual(validated.correctedAddress, SDK_E2E_CORRECTED);
    assert.deepEqual(validated.candidateAddresses, []);
    assert.equal(typeof validated.validationMessage, 'string');
  });

  it('answers NO_MATCH with an all-empty correctedAddress and a "|"-joined reason', async () => {
    const phoneNumber = await rentUsNumber();
    const validated = await numbers.validateEmergencyAddress({
      phoneNumber,
      emergencyAddressRequestBody: { displayName: 'Nowhere', address: MISMATCHED_ADDRESS },
    });
    assert.deepEqual(Object.keys(validated), VALIDATE_KEYS);
    assert.equal(validated.validationResult, 'NO_MATCH');
    assert.deepEqual(validated.correctedAddress, EMPTY_ADDRESS);
    assert.deepEqual(Object.keys(validated.correctedAddress!), ADDRESS_KEYS);
    const parts = validated.validationMessage!.split('|');
    assert.equal(parts[0], 'Invalid address - no correction found', validated.validationMessage);
    assert.equal(parts.at(-1), 'Address is Invalid', validated.validationMessage);
    assert.ok(Array.isArray(validated.candidateAddresses));
    for (const candidate of validated.candidateAddresses!) {
      assert.deepEqual(Object.keys(candidate), ADDRESS_KEYS);
    }
    // Validation stores nothing.
    assert.deepEqual((await sdkError(numbers.getEmergencyAddress({ phoneNumber }))).body, MISSING_E911);
  });
});

describe('provision, get and deprovision', () => {
  it('stores the corrected SDK e2e address, returns it on get, and forgets it on deprovision', async () => {
    const phoneNumber = await rentUsNumber();

    // Before anything is provisioned the live service answers "Missing E911 feature".
    const before = await sdkError(numbers.getEmergencyAddress({ phoneNumber }));
    assert.equal(before.statusCode, 404);
    assert.deepEqual(before.body, MISSING_E911);

    const provisioned = await numbers.provisionEmergencyAddress({
      phoneNumber,
      emergencyAddressRequestBody: { displayName: 'Headquarters', address: SDK_E2E_ADDRESS },
    });
    const sentProvision = lastExchangeTo(proxy, ':provision');
    assert.equal(sentProvision.method, 'POST');
    assert.ok(sentProvision.url.endsWith(`/activeNumbers/${phoneNumber}/emergencyAddress:provision`));
    assert.deepEqual(Object.keys(provisioned), ADDRESS_KEYS);
    assert.deepEqual(provisioned, SDK_E2E_CORRECTED);

    const fetched = await numbers.getEmergencyAddress({ phoneNumber });
    assert.ok(
      lastExchangeTo(proxy, '/emergencyAddress').url.endsWith(
        `/activeNumbers/${phoneNumber}/emergencyAddress`,
      ),
    );
    assert.deepEqual(Object.keys(fetched), ADDRESS_KEYS);
    assert.deepEqual(fetched, SDK_E2E_CORRECTED);

    const deprovisioned = await numbers.deprovisionEmergencyAddress({ phoneNumber });
    // Typed Promise<void>; the SDK turns the empty answer into `{}` (contract §3.10, gotcha 19).
    assert.deepEqual(deprovisioned, {});
    const sentDeprovision = lastExchangeTo(proxy, ':deprovision');
    assert.equal(sentDeprovision.method, 'POST');
    assert.equal(sentDeprovision.requestBody, '', 'the SDK sends no body');
    assert.equal(sentDeprovision.requestHeaders['content-type'], 'application/json');
    assert.equal(sentDeprovision.status, 200);
    assert.equal(sentDeprovision.responseBody, '', "no body, as Sinch's document declares it");

    const gone = await sdkError(numbers.getEmergencyAddress({ phoneNumber }));
    assert.equal(gone.statusCode, 404);
    assert.deepEqual(gone.body, MISSING_E911);
  });

  it('a second provision replaces the first address', async () => {
    const phoneNumber = await rentUsNumber();
    await numbers.provisionEmergencyAddress({
      phoneNumber,
      emergencyAddressRequestBody: { displayName: 'First', address: SDK_E2E_ADDRESS },
    });
    const suite = { ...SDK_E2E_CORRECTED, location: 'Ste 100', postalCodePlusFour: '1234' };
    const replaced = await numbers.provisionEmergencyAddress({
      phoneNumber,
      emergencyAddressRequestBody: { displayName: 'Second', address: suite },
    });
    assert.deepEqual(replaced, suite);
    assert.deepEqual(await numbers.getEmergencyAddress({ phoneNumber }), suite);
  });

  it('refuses to provision a NO_MATCH address with 400 INVALID_ARGUMENT and keeps the stored one', async () => {
    const phoneNumber = await rentUsNumber();
    await numbers.provisionEmergencyAddress({
      phoneNumber,
      emergencyAddressRequestBody: { displayName: 'Headquarters', address: SDK_E2E_ADDRESS },
    });
    const failure = await sdkError(
      numbers.provisionEmergencyAddress({
        phoneNumber,
        emergencyAddressRequestBody: { displayName: 'Nowhere', address: MISMATCHED_ADDRESS },
      }),
    );
    assert.equal(failure.statusCode, 400);
    assert.equal(failure.body.error.code, 400);
    assert.equal(failure.body.error.status, 'INVALID_ARGUMENT');
    assert.ok(failure.body.error.details.length > 0);
    assert.deepEqual(await numbers.getEmergencyAddress({ phoneNumber }), SDK_E2E_CORRECTED);
  });

  it('a number without an address can be deprovisioned (the SDK still resolves to {})', async () => {
    const phoneNumber = await rentUsNumber();
    assert.deepEqual(await numbers.deprovisionEmergencyAddress({ phoneNumber }), {});
  });
});

describe('numbers without the E911 feature', () => {
  it('every emergency method answers 404 "Missing E911 feature" for a GB number', async () => {
    const phoneNumber = await rentGbLandline();
    const body = { displayName: 'London', address: SDK_E2E_ADDRESS };
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['get', () => numbers.getEmergencyAddress({ phoneNumber })],
      [
        'validate',
        () => numbers.validateEmergencyAddress({ phoneNumber, emergencyAddressRequestBody: body }),
      ],
      [
        'provision',
        () => numbers.provisionEmergencyAddress({ phoneNumber, emergencyAddressRequestBody: body }),
      ],
      ['deprovision', () => numbers.deprovisionEmergencyAddress({ phoneNumber })],
    ];
    for (const [name, call] of calls) {
      const failure = await sdkError(call());
      assert.equal(failure.statusCode, 404, name);
      assert.deepEqual(failure.body, MISSING_E911, name);
    }
  });

  it('a number the project does not rent is 404 NOT_FOUND', async () => {
    const { availableNumbers } = await numbers.searchForAvailableNumbers({
      regionCode: 'US',
      type: 'LOCAL',
      size: 1,
    });
    const failure = await sdkError(
      numbers.getEmergencyAddress({ phoneNumber: availableNumbers![0].phoneNumber! }),
    );
    assert.equal(failure.statusCode, 404);
    assert.equal(failure.body.error.status, 'NOT_FOUND');
  });

  it('validateEmergencyAddress types phoneNumber as optional; without it the SDK sends "undefined" in the path', async () => {
    const failure = await sdkError(
      numbers.validateEmergencyAddress({
        emergencyAddressRequestBody: { displayName: 'No number', address: SDK_E2E_ADDRESS },
      }),
    );
    assert.ok(
      lastExchangeTo(proxy, ':validate').url.endsWith('/activeNumbers/undefined/emergencyAddress:validate'),
    );
    // Not a phone number: 400 INVALID_ARGUMENT on phoneNumber, as for any other malformed number.
    assert.equal(failure.statusCode, 400);
    assert.equal(failure.body.error.status, 'INVALID_ARGUMENT');
    const [violation] = failure.body.error.details[0].fieldViolations as Array<{ field: string }>;
    assert.equal(violation.field, 'phoneNumber');
  });
});
