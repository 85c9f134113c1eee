import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JOB_KINDS } from '../../jobs/job.js';
import { productFor } from '../inventory/products.js';
import {
  applyConfiguration,
  isExpired,
  newActiveNumber,
  nextChargeDate,
  releaseNumber,
} from './activeNumber.js';

const RENTED = Date.UTC(2026, 0, 31, 10);
const row = { id: 1, e164: '+12065550123', regionCode: 'US', numberType: 'LOCAL' as const, capabilities: 3 };
const record = newActiveNumber('p1', row, productFor('US', 'LOCAL'), RENTED);
let ids = 0;
const ctx = { now: RENTED, newId: () => `id${++ids}`, provisioningStepMs: 1000 };

test('the next charge date rolls forward a month at a time, clamped to month ends', () => {
  assert.equal(nextChargeDate(record, RENTED), Date.UTC(2026, 1, 28, 10));
  assert.equal(nextChargeDate(record, Date.UTC(2026, 1, 28, 10)), Date.UTC(2026, 2, 31, 10));
});

test('the next charge date asked again of the same record, in any order of times, is the one computed afresh', () => {
  const quarterly = { ...record, paymentIntervalMonths: 3 };
  const DAY = 86_400_000;
  for (const subject of [record, quarterly]) {
    // Around each charge date of the first two years: forwards, backwards and shuffled.
    const times = [subject.rentedAt - DAY];
    for (let at = subject.rentedAt; at < Date.UTC(2028, 0, 31); ) {
      const date = nextChargeDate({ ...subject }, at);
      times.push(date - 1, date, date + 1, date + 20 * DAY);
      at = date;
    }
    const order = [...times, ...[...times].reverse(), ...times.map((_, i) => times[(i * 7) % times.length]!)];
    for (const at of order) {
      const fresh = nextChargeDate({ ...subject }, at);
      assert.equal(nextChargeDate(subject, at), fresh, `${subject.paymentIntervalMonths} months, at ${at}`);
      assert.ok(fresh > at && (at < subject.rentedAt || fresh - at <= 92 * DAY));
    }
  }
});

test('configuration requests schedule one provisioning job per channel', () => {
  const change = applyConfiguration(
    record,
    {
      displayName: 'Support',
      smsConfiguration: { servicePlanId: 'plan' },
      voiceConfiguration: { appId: 'app' },
    },
    ctx,
  );
  assert.equal(change.record.displayName, 'Support');
  assert.equal(change.record.sms.servicePlanId, '');
  assert.equal(change.record.sms.scheduled?.status, 'WAITING');
  assert.deepEqual(
    change.jobs.map((j) => [j.kind, j.payload.channel, j.runAt]),
    [
      [JOB_KINDS.provisioningStep, 'sms', RENTED + 1000],
      [JOB_KINDS.provisioningStep, 'voice', RENTED + 1000],
    ],
  );
});

test('callbackUrl must be http(s)', () => {
  assert.throws(() => applyConfiguration(record, { callbackUrl: 'ftp://x' }, ctx), /http or https/);
  assert.throws(() => applyConfiguration(record, { callbackUrl: 'not a url' }, ctx), /not a valid URL/);
  assert.equal(applyConfiguration(record, { callbackUrl: '' }, ctx).record.callbackUrl, '');
});

test('release sets expireAt to the next charge date, cancels pending voice, and schedules the return', () => {
  const pending = applyConfiguration(record, { voiceConfiguration: { appId: 'app' } }, ctx).record;
  const { record: released, jobs } = releaseNumber(pending, RENTED + 1000);
  assert.equal(released.expireAt, Date.UTC(2026, 1, 28, 10));
  assert.equal(released.voice.scheduled, null);
  assert.deepEqual(jobs, [
    {
      kind: JOB_KINDS.releaseCompletion,
      runAt: released.expireAt,
      payload: { projectId: 'p1', phoneNumber: row.e164 },
    },
  ]);
  assert.equal(isExpired(released, released.expireAt! - 1), false);
  assert.equal(isExpired(released, released.expireAt!), true);
  assert.deepEqual(releaseNumber(released, RENTED + 2000).jobs, [], 'releasing twice changes nothing');
});
