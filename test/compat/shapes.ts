/**
 * Expected wire shapes from the contract (§4, §5): key order as the live service emits it, and
 * the "never null strings, explicit null objects" rules. Used on what the SDK hands back, which
 * keeps the server's key order (the SDK only turns timestamp strings into `Date`s).
 */
import assert from 'node:assert/strict';

export const ACTIVE_NUMBER_KEYS = [
  'phoneNumber',
  'projectId',
  'displayName',
  'regionCode',
  'type',
  'capability',
  'money',
  'paymentIntervalMonths',
  'nextChargeDate',
  'expireAt',
  'smsConfiguration',
  'voiceConfiguration',
  'callbackUrl',
];
export const SMS_CONFIGURATION_KEYS = ['servicePlanId', 'scheduledProvisioning', 'campaignId'];
export const SCHEDULED_PROVISIONING_KEYS = [
  'servicePlanId',
  'status',
  'lastUpdatedTime',
  'campaignId',
  'errorCodes',
];
export const VOICE_CONFIGURATION_KEYS = [
  'appId',
  'scheduledVoiceProvisioning',
  'lastUpdatedTime',
  'type',
  'trunkId',
  'serviceId',
];
export const SCHEDULED_VOICE_PROVISIONING_KEYS = [
  'appId',
  'status',
  'lastUpdatedTime',
  'type',
  'trunkId',
  'serviceId',
];
export const AVAILABLE_NUMBER_KEYS = [
  'phoneNumber',
  'regionCode',
  'type',
  'capability',
  'setupPrice',
  'monthlyPrice',
  'paymentIntervalMonths',
  'supportingDocumentationRequired',
];

/** RFC 3339 UTC with microseconds, as the live service writes resource timestamps. */
export const WIRE_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

type Loose = Record<string, unknown>;

/** Every key present, in live order, at every level of an ActiveNumber (SDK-revived or raw JSON). */
export function assertActiveNumberShape(value: unknown): void {
  const number = value as Loose;
  assert.deepEqual(Object.keys(number), ACTIVE_NUMBER_KEYS);
  const sms = number.smsConfiguration as Loose;
  assert.deepEqual(Object.keys(sms), SMS_CONFIGURATION_KEYS);
  if (sms.scheduledProvisioning !== null) {
    assert.deepEqual(Object.keys(sms.scheduledProvisioning as Loose), SCHEDULED_PROVISIONING_KEYS);
  }
  const voice = number.voiceConfiguration as Loose;
  assert.deepEqual(Object.keys(voice), VOICE_CONFIGURATION_KEYS);
  if (voice.scheduledVoiceProvisioning !== null) {
    assert.deepEqual(
      Object.keys(voice.scheduledVoiceProvisioning as Loose),
      SCHEDULED_VOICE_PROVISIONING_KEYS,
    );
  }
  for (const key of ['displayName', 'callbackUrl'] as const) assert.equal(typeof number[key], 'string');
  for (const key of ['servicePlanId', 'campaignId'] as const) assert.equal(typeof sms[key], 'string');
  for (const key of ['appId', 'trunkId', 'serviceId', 'type'] as const)
    assert.equal(typeof voice[key], 'string');
}

export const DAY_MS = 24 * 3600 * 1000;

/** A Date the SDK revived from a timestamp string; returns it for further checks. */
export function assertDate(value: unknown, what: string): Date {
  assert.ok(value instanceof Date, `${what} should be revived as a Date, got ${JSON.stringify(value)}`);
  assert.ok(!Number.isNaN(value.getTime()), `${what} should be a valid date`);
  return value;
}
