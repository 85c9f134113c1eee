import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../errors.js';
import {
  CALL_INTERVAL_MS,
  CALLS_PER_HOUR,
  CHALLENGE_TTL_MS,
  callWaitMs,
  checkDeletable,
  MAX_BATCH,
  newQualifiedNumber,
  parseBatch,
  parseState,
  type QualifiedInput,
  type QualifiedNumberRecord,
  sandboxEligibility,
  transition,
} from './qualifiedNumber.js';

const T = 1_700_000_000_000;
const fresh = () => newQualifiedNumber('p1', { phoneNumber: '+12025550134', regionCode: 'US' }, T);

function run(record: QualifiedNumberRecord, ...inputs: Array<[QualifiedInput, number]>) {
  return inputs.reduce((r, [input, at]) => transition(r, input, at), record);
}

function rejects(fn: () => unknown, httpStatus: number, pattern: RegExp) {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.httpStatus, httpStatus);
    assert.match(error.message, pattern);
    return true;
  });
}

const eligible = (r = fresh()) =>
  transition(r, { type: 'decideEligibility', decision: 'ELIGIBLE', reason: 'ok', reviewer: 'ann' }, T + 1);
const send = (code = '123456', at = T + 2): [QualifiedInput, number] => [
  { type: 'sendChallenge', code, salt: 's' },
  at,
];
const verify = (code: string, at = T + 3): [QualifiedInput, number] => [
  { type: 'verifyChallenge', code },
  at,
];

test('states are accepted with and without the document prefix', () => {
  assert.equal(parseState('GLOBAL_PROCESS_STATE_VERIFIED'), 'VERIFIED');
  assert.equal(parseState('ELIGIBLE'), 'ELIGIBLE');
  assert.equal(parseState('GLOBAL_PROCESS_STATE_UNSPECIFIED'), undefined);
  assert.equal(parseState('verified'), undefined);
});

test('a new number waits for its eligibility check', () => {
  const r = fresh();
  assert.equal(r.state, 'ELIGIBLE_CHECK_PENDING');
  assert.deepEqual(r.osrEligibility, { status: 'IN_PROGRESS', error: '' });
  assert.deepEqual(r.ownershipVerification, { status: 'WAITING', error: '' });
  assert.deepEqual(r.hostedNumber, { status: 0, error: '' });
});

test('eligibility decisions record who, when and why; only once', () => {
  const yes = eligible();
  assert.equal(yes.state, 'ELIGIBLE');
  assert.deepEqual(yes.review, { decision: 'ELIGIBLE', reason: 'ok', reviewer: 'ann', decidedAt: T + 1 });
  assert.equal(yes.osrEligibility.status, 'DONE');
  const no = transition(
    fresh(),
    { type: 'decideEligibility', decision: 'NOT_ELIGIBLE', reason: 'no invoice', reviewer: 'bob' },
    T + 1,
  );
  assert.equal(no.state, 'NOT_ELIGIBLE');
  assert.deepEqual(no.osrEligibility, { status: 'FAILED', error: 'no invoice' });
  rejects(() => eligible(yes), 400, /ELIGIBLE_CHECK_PENDING/);
  rejects(() => run(no, send()), 400, /NOT_ELIGIBLE/);
});

test('sandbox magic: numbers ending in 0000 are not eligible', () => {
  assert.equal(sandboxEligibility('+12025550000').eligible, false);
  assert.equal(sandboxEligibility('+12025550001').eligible, true);
});

test('right code verifies; a wrong one fails and may be retried; the third blocks', () => {
  const pending = run(eligible(), send());
  assert.equal(pending.state, 'VERIFICATION_PENDING');
  assert.equal(pending.ownershipVerification.status, 'IN_PROGRESS');
  assert.ok(pending.challenge && !JSON.stringify(pending).includes('123456'), 'only a hash is kept');
  assert.equal(run(pending, verify('123456')).state, 'VERIFIED');

  const failed = run(pending, verify('000000'));
  assert.equal(failed.state, 'VERIFICATION_FAILED');
  assert.match(failed.ownershipVerification.error, /1 of 3/);
  assert.equal(run(failed, verify('123456')).state, 'VERIFIED');
  const blocked = run(failed, verify('1'), verify('2'));
  assert.equal(blocked.state, 'VERIFICATION_BLOCKED');
  assert.equal(blocked.ownershipVerification.status, 'FAILED');
  rejects(() => run(blocked, verify('123456')), 400, /VERIFICATION_BLOCKED/);
  rejects(() => run(blocked, send('1', T + HOUR)), 400, /VERIFICATION_BLOCKED/);
  rejects(() => checkDeletable(blocked), 400, /cannot be deleted/);
  // Wrong codes count across challenges: a new call does not reset them.
  const twice = run(failed, verify('1'), send('654321', T + CALL_INTERVAL_MS + 10));
  assert.equal(run(twice, verify('9', T + CALL_INTERVAL_MS + 20)).state, 'VERIFICATION_BLOCKED');
});

const HOUR = 3_600_000;

test('no challenge, an expired or a replaced code', () => {
  rejects(() => run(eligible(), verify('1')), 400, /No voice challenge/);
  rejects(() => run(fresh(), verify('1')), 400, /ELIGIBLE_CHECK_PENDING/);
  const pending = run(eligible(), send());
  rejects(() => run(pending, verify('123456', T + 2 + CHALLENGE_TTL_MS)), 400, /expired/);
  const replaced = run(pending, send('222222', T + 2 + CALL_INTERVAL_MS));
  assert.equal(run(replaced, verify('123456', T + 2 + CALL_INTERVAL_MS + 1)).state, 'VERIFICATION_FAILED');
  assert.equal(run(replaced, verify('222222', T + 2 + CALL_INTERVAL_MS + 1)).state, 'VERIFIED');
});

test('calls are rate-limited per number, with the wait', () => {
  const pending = run(eligible(), send());
  rejects(() => run(pending, send('1', T + 3)), 429, /called recently/);
  assert.equal(callWaitMs(pending.calls, T + 2 + 1000), CALL_INTERVAL_MS - 1000);
  let r = pending;
  for (let i = 1; i < CALLS_PER_HOUR; i++) r = run(r, send(String(i), T + 2 + i * CALL_INTERVAL_MS));
  const later = T + 2 + CALLS_PER_HOUR * CALL_INTERVAL_MS;
  assert.equal(callWaitMs(r.calls, later), HOUR - CALLS_PER_HOUR * CALL_INTERVAL_MS);
  assert.throws(
    () => run(r, send('9', later)),
    (e: unknown) => e instanceof ApiError && e.headers['retry-after'] !== undefined,
  );
  assert.equal(run(r, send('9', T + 2 + HOUR)).state, 'VERIFICATION_PENDING');
});

test('hosting: only verified numbers, then done or failed; not deletable meanwhile', () => {
  const verified = run(eligible(), send(), verify('123456'));
  rejects(
    () => transition(eligible(), { type: 'claimForHosting', hostingOrderId: 'h1' }, T + 5),
    400,
    /VERIFIED/,
  );
  const hosting = transition(verified, { type: 'claimForHosting', hostingOrderId: 'h1' }, T + 5);
  assert.equal(hosting.state, 'HOSTING_IN_PROGRESS');
  assert.equal(hosting.hostingOrderId, 'h1');
  rejects(() => checkDeletable(hosting), 400, /hosting order h1/);
  const done = transition(hosting, { type: 'finishHosting', outcome: 'HOSTING_DONE', error: '' }, T + 6);
  assert.deepEqual([done.state, done.hostedNumber], ['HOSTING_DONE', { status: 1, error: '' }]);
  const failed = transition(
    hosting,
    { type: 'finishHosting', outcome: 'HOSTING_FAILED', error: 'carrier' },
    T + 6,
  );
  assert.deepEqual([failed.state, failed.hostedNumber], ['HOSTING_FAILED', { status: 2, error: 'carrier' }]);
  checkDeletable(done);
});

test('batches: E.164, US/CA, no duplicates, bounded; the field is named', () => {
  assert.deepEqual(parseBatch(['+12025550134', '+14165550123']), [
    { phoneNumber: '+12025550134', regionCode: 'US' },
    { phoneNumber: '+14165550123', regionCode: 'CA' },
  ]);
  const field = (fn: () => unknown, name: string) =>
    assert.throws(
      fn,
      (e: unknown) => e instanceof ApiError && JSON.stringify(e.details).includes(`"${name}"`),
    );
  field(() => parseBatch(['+12025550134', '12025550135']), 'phoneNumbers[1]');
  field(() => parseBatch(['+12025550134', '+12025550136', '+442071838750']), 'phoneNumbers[2]');
  field(() => parseBatch(['+12025550134', '+12025550134']), 'phoneNumbers[1]');
  field(() => parseBatch([]), 'phoneNumbers');
  field(
    () =>
      parseBatch(Array.from({ length: MAX_BATCH + 1 }, (_, i) => `+1202555${String(i).padStart(4, '0')}`)),
    'phoneNumbers',
  );
});
