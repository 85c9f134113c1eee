import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callbackApiOf, eventTimestamp, newEvent, newImportedEvent, signBody } from './events.js';
import { CALLBACK_MAX_ATTEMPTS, retryDelayMs } from './retrySchedule.js';

test('the signature is the hex HMAC-SHA1 of the exact body (the SDK test vector)', () => {
  const body =
    '{"eventId":"01hpa0mww4m79q8j2dwn3ggbgz","timestamp":"2024-02-10T17:22:09.412722588","projectId":"37b62a7b-0177-abcd-efgh-e10f848de123","resourceId":"+17818510001","resourceType":"ACTIVE_NUMBER","eventType":"DEPROVISIONING_FROM_VOICE_PLATFORM","status":"SUCCEEDED","failureCode":null}';
  assert.equal(signBody(body, 'callback-secret'), 'dcf80daac2f232f4b23d5f719db3aa0fdca6af43');
});

test('event timestamps carry no zone designator', () => {
  assert.equal(eventTimestamp(Date.UTC(2026, 10, 22, 10, 2, 27, 123)), '2026-11-22T10:02:27.123000');
});

test('the payload has the contract keys in order, failureCode null on success', () => {
  const event = newEvent(
    {
      eventId: '01j0000000000000000000000a',
      projectId: 'p',
      resourceId: '+12025550100',
      resourceType: 'ACTIVE_NUMBER',
      eventType: 'PROVISIONING_TO_SMS_PLATFORM',
      status: 'SUCCEEDED',
    },
    'https://example.com/hook',
    Date.UTC(2026, 0, 1),
  );
  assert.deepEqual(Object.keys(JSON.parse(event.body)), [
    'eventId',
    'timestamp',
    'projectId',
    'resourceId',
    'resourceType',
    'eventType',
    'status',
    'failureCode',
  ]);
  assert.equal(JSON.parse(event.body).failureCode, null);
});

test('Imported Numbers API events: timestamp with Z, failureCode only when FAILED', () => {
  const at = Date.UTC(2026, 10, 22, 10, 2, 27, 123);
  const fields = {
    eventId: '01j0000000000000000000000b',
    projectId: 'p',
    resourceId: '+12025550100',
    resourceType: 'IMPORTED_NUMBER',
    eventType: 'LINK_TO_10DLC_CAMPAIGN',
  } as const;
  const ok = JSON.parse(
    newImportedEvent({ ...fields, status: 'SUCCEEDED', failureCode: 'IGNORED' }, 'https://x.test', at).body,
  );
  assert.equal(ok.timestamp, '2026-11-22T10:02:27.123Z');
  assert.equal('failureCode' in ok, false);
  assert.equal('internalFailureCode' in ok, false);
  const failed = JSON.parse(
    newImportedEvent(
      { ...fields, status: 'FAILED', failureCode: 'CAMPAIGN_NOT_AVAILABLE' },
      'https://x.test',
      at,
    ).body,
  );
  assert.equal(failed.failureCode, 'CAMPAIGN_NOT_AVAILABLE');
  // A code the document's list does not have is left out, not sent.
  const unlisted = JSON.parse(
    newImportedEvent(
      { ...fields, status: 'FAILED', failureCode: 'SMS_PROVISIONING_FAILED' },
      'https://x.test',
      at,
    ).body,
  );
  assert.equal('failureCode' in unlisted, false);
  assert.equal(callbackApiOf('IMPORTED_NUMBER'), 'imported');
  assert.equal(callbackApiOf('HOSTING_ORDER_NUMBER'), 'imported');
  assert.equal(callbackApiOf('ACTIVE_NUMBER'), 'numbers');
});

test('retries back off and stop after the last attempt', () => {
  assert.equal(retryDelayMs(1), 5000);
  assert.equal(retryDelayMs(2), 30_000);
  assert.equal(retryDelayMs(CALLBACK_MAX_ATTEMPTS - 1), 28_800_000);
  assert.equal(retryDelayMs(CALLBACK_MAX_ATTEMPTS), null);
});
