/**
 * Our /openapi.json against Sinch's own Numbers API document (1.0.3, contract §14), operation by
 * operation: every operation of theirs is ours, with its operationId and success status; the
 * body of every status both declare has the same properties, recursively, with the same types
 * and enums; parameters and request bodies have the same names and the same required ones.
 *
 * What differs on purpose is listed in EXPECTED_DIFFERENCES, each with its reason; any other
 * difference fails, and so does an expected one that no longer occurs (the list stays true).
 * test/integration/officialResponses.test.ts checks real answers against the same document.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  documentDifferences,
  officialDocumentSkip,
  officialNumbersDocument,
} from '../helpers/officialDocument.js';
import { type AppWithRoutes, appWithRoutes } from '../helpers/routeList.js';

interface ExpectedDifference {
  operations: readonly string[];
  /** The difference as documentDifferences words it, without the operationId. */
  difference: string;
  reason: string;
}

/** The operations that answer an active number. */
const ACTIVE_NUMBER = [
  'NumberService_RentNumber',
  'NumberService_RentAnyNumber',
  'NumberService_UpdateActiveNumber',
  'NumberService_GetActiveNumber',
  'NumberService_ReleaseNumber',
];
const ORDER = ['CreateNumberOrder', 'GetNumberOrder', 'SubmitNumberOrder'];

/** An active number's values that live traffic sends as null, in every answer that has one. */
const liveNull = (property: string): ExpectedDifference[] => [
  {
    operations: ACTIVE_NUMBER,
    difference: `200 ${property}: may be null, the document says not`,
    reason: 'contract §5.1–5.4 [LIVE], §14.7: live answers carry an explicit null where nothing is set',
  },
  {
    operations: ['NumberService_ListActiveNumbers'],
    difference: `200 activeNumbers[].${property}: may be null, the document says not`,
    reason: 'contract §5.1–5.4 [LIVE], §14.7: the same numbers, listed',
  },
];

export const EXPECTED_DIFFERENCES: ExpectedDifference[] = [
  ...liveNull('expireAt'),
  ...liveNull('smsConfiguration.scheduledProvisioning'),
  ...liveNull('voiceConfiguration.lastUpdatedTime'),
  ...liveNull('voiceConfiguration.scheduledVoiceProvisioning'),
  {
    operations: ['NumberService_ListActiveNumbers'],
    difference: 'parameter query capabilities: ours only, not in the document',
    reason:
      'contract §3.6, §12.1 [SDK]: the Python SDK sends the filter as capabilities; both names are read',
  },
  {
    operations: ['UpdateNumberOrderRegistration'],
    difference: 'body data: ours only, not in the document',
    reason:
      'contract §9, §13 [SDK J2]: the generated Java model sends {data}; {requestDetails: {data}} is the document’s and read first',
  },
  ...['lastUpdatedTime', 'scheduledVoiceProvisioning'].map((property) => ({
    operations: ORDER,
    difference: `200 voiceConfiguration.${property}: missing, the document has it`,
    reason:
      'the document’s EST/FAX order variants reuse the active number’s read-only provisioning fields (its RTC variant has none); an order never has them, and unset values are left out (contract §1.4, §14.3)',
  })),
  {
    operations: ['CreateNumberOrder', 'UpdateNumberOrderRegistration', 'UploadNumberOrderAttachment'],
    difference:
      '400 error.status: enum FAILED_PRECONDITION, INVALID_ARGUMENT, the document lists INVALID_ARGUMENT',
    reason:
      'not from live traffic: docs/decisions.md (Number orders) answers an order that is no longer CREATED, or the 51st open one, with FAILED_PRECONDITION (contract §3.8 leaves the status of a state conflict open)',
  },
];

/** Expected differences, one line each, as documentDifferences writes them. */
function expectedLines(): Map<string, string> {
  const lines = new Map<string, string>();
  for (const { operations, difference, reason } of EXPECTED_DIFFERENCES) {
    for (const operation of operations) lines.set(`${operation} ${difference}`, reason);
  }
  return lines;
}

const skip = officialDocumentSkip();
const official = skip ? undefined : officialNumbersDocument();
let loaded: AppWithRoutes | undefined;
let ours: any;
before(async () => {
  if (skip) return;
  loaded = await appWithRoutes();
  ours = loaded.app.swagger();
});
after(() => loaded?.close());

describe("our OpenAPI document against Sinch's Numbers API document", { skip }, () => {
  test('covers every operation of the document (a check that would miss them all proves nothing)', () => {
    const ids = Object.values(official.paths).flatMap((item: any) =>
      Object.values(item)
        .map((op: any) => op?.operationId)
        .filter(Boolean),
    );
    assert.equal(ids.length, 22);
    const missing = documentDifferences(official, ours).filter((d) => d.includes(' is not in ours'));
    assert.deepEqual(missing, []);
  });

  test('differs only where EXPECTED_DIFFERENCES says so', () => {
    const expected = expectedLines();
    const unexpected = documentDifferences(official, ours).filter((line) => !expected.has(line));
    assert.deepEqual(unexpected, [], `differences nobody explained:\n${unexpected.join('\n')}`);
  });

  test('every expected difference still occurs (stale exceptions are removed)', () => {
    const actual = new Set(documentDifferences(official, ours));
    const stale = [...expectedLines().keys()].filter((line) => !actual.has(line));
    assert.deepEqual(stale, []);
  });
});

describe('the comparison itself: changes to a copy of our document are found', { skip }, () => {
  const operation = (document: any, path: string, method: string) =>
    document.paths[`/v1/projects/{projectId}${path}`][method];

  /** The differences a change to a copy of our document adds are exactly `expected`. */
  function assertAdded(change: (copy: any) => void, expected: string[]) {
    const known = new Set(documentDifferences(official, ours));
    const copy = structuredClone(ours);
    change(copy);
    const added = documentDifferences(official, copy).filter((line) => !known.has(line));
    assert.deepEqual(added.sort(), [...expected].sort());
  }

  test('a renamed response property is missing, and the new name is ours only', () => {
    assertAdded(
      (copy) => {
        const schema = operation(copy, '/activeNumbers/{phoneNumber}', 'get').responses['200'].content[
          'application/json'
        ].schema;
        const { voiceConfiguration } = schema.properties;
        voiceConfiguration.properties.trunkID = voiceConfiguration.properties.trunkId;
        delete voiceConfiguration.properties.trunkId;
      },
      [
        'NumberService_GetActiveNumber 200 voiceConfiguration.trunkId: missing, the document has it',
        'NumberService_GetActiveNumber 200 voiceConfiguration.trunkID: ours only, not in the document',
      ],
    );
  });

  test('a changed type or enum, deep in an array, is found', () => {
    assertAdded(
      (copy) => {
        const order = operation(copy, '/numberOrders/{numberOrderId}', 'get').responses['200'].content[
          'application/json'
        ].schema;
        order.properties.orderNumbers.items.properties.numberPrice.properties.paymentIntervalMonths.type =
          'string';
        order.properties.orderNumbers.items.properties.capabilities.items.enum = ['SMS'];
      },
      [
        'GetNumberOrder 200 orderNumbers[].numberPrice.paymentIntervalMonths: type string, the document says integer',
        'GetNumberOrder 200 orderNumbers[].capabilities[]: enum SMS, the document lists SMS, VOICE',
      ],
    );
  });

  test('required request fields, request names, statuses and operations are compared', () => {
    assertAdded(
      (copy) => {
        const rentAny = operation(copy, '/availableNumbers:rentAny', 'post');
        const body = rentAny.requestBody.content['application/json'].schema;
        body.required = body.required.filter((name: string) => name !== 'type');
        body.properties.capability = body.properties.capabilities;
        delete body.properties.capabilities;
        const list = operation(copy, '/activeNumbers', 'get');
        list.parameters = list.parameters.filter((p: any) => p.name !== 'pageToken');
        const submit = operation(copy, '/numberOrders/{numberOrderId}/submit', 'post');
        submit.responses['201'] = submit.responses['200'];
        delete submit.responses['200'];
        delete copy.paths['/v1/projects/{projectId}/availableRegions'];
      },
      [
        'NumberService_RentAnyNumber body capabilities: missing, the document has it',
        'NumberService_RentAnyNumber body capability: ours only, not in the document',
        'NumberService_RentAnyNumber body type: required by the document, optional in ours',
        'NumberService_ListActiveNumbers parameter query pageToken: missing, the document has it',
        'SubmitNumberOrder 200: not declared by ours',
        'SubmitNumberOrder 201: declared by ours, not by the document',
        'NumberService_ListAvailableRegions: GET /v1/projects/{projectId}/availableRegions is not in ours',
      ],
    );
  });

  test('a body where the document has none, and null where it allows none, are found', () => {
    assertAdded(
      (copy) => {
        const deprovision = operation(
          copy,
          '/activeNumbers/{phoneNumber}/emergencyAddress:deprovision',
          'post',
        );
        deprovision.responses['200'].content = { 'application/json': { schema: { type: 'object' } } };
        const regions = operation(copy, '/availableRegions', 'get').responses['200'].content[
          'application/json'
        ].schema;
        regions.properties.availableRegions.items.properties.regionName.nullable = true;
      },
      [
        'NumberService_ListAvailableRegions 200 availableRegions[].regionName: may be null, the document says not',
        'NumberService_DeprovisionEmergencyAddress 200: content application/json, the document says none',
      ],
    );
  });
});
