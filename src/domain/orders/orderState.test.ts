import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../errors.js';
import { effectiveState, type NumberOrderRecord, RESERVATION_MS } from './numberOrder.js';
import { sandboxDecision, transition } from './orderState.js';

const T0 = Date.UTC(2026, 10, 22);
const order: NumberOrderRecord = {
  orderId: 'o1',
  projectId: 'p',
  regionCode: 'AU',
  numberType: 'MOBILE',
  state: 'CREATED',
  orderNumbers: [],
  smsConfiguration: null,
  voiceConfiguration: null,
  callbackUrl: '',
  policyVersion: 1,
  registration: [{ name: 'Acme' }],
  rejectionReason: '',
  createdAt: T0,
  updatedAt: T0,
  expireAt: T0 + RESERVATION_MS,
  submittedAt: null,
};

test('a CREATED order reads EXPIRED from its expireTime on, before anything records it', () => {
  assert.equal(effectiveState(order, T0 + RESERVATION_MS - 1), 'CREATED');
  assert.equal(effectiveState(order, T0 + RESERVATION_MS), 'EXPIRED');
});

test('CREATED → IN_REVIEW → COMPLETED | REJECTED | BLOCKED, with the reason kept', () => {
  const inReview = transition(order, 'IN_REVIEW', T0 + 1);
  assert.equal(inReview.submittedAt, T0 + 1);
  assert.equal(transition(inReview, 'COMPLETED', T0 + 2).state, 'COMPLETED');
  assert.equal(transition(inReview, 'REJECTED', T0 + 2, 'no').rejectionReason, 'no');
  assert.equal(transition(inReview, 'BLOCKED', T0 + 2, 'fraud').state, 'BLOCKED');
});

test('expiry is recorded only once the deadline passed, and then nothing else is allowed', () => {
  assert.throws(() => transition(order, 'EXPIRED', T0 + 1), ApiError);
  assert.equal(transition(order, 'EXPIRED', T0 + RESERVATION_MS).state, 'EXPIRED');
  assert.throws(() => transition(order, 'IN_REVIEW', T0 + RESERVATION_MS), /EXPIRED cannot become IN_REVIEW/);
});

test('decided orders stay decided; review needs IN_REVIEW', () => {
  assert.throws(() => transition(order, 'COMPLETED', T0 + 1), /CREATED cannot become COMPLETED/);
  const done = transition(transition(order, 'IN_REVIEW', T0 + 1), 'COMPLETED', T0 + 2);
  assert.throws(() => transition(done, 'REJECTED', T0 + 3), ApiError);
});

test('sandbox decisions follow the magic words anywhere in the registration', () => {
  assert.deepEqual(sandboxDecision(order), { decision: 'COMPLETED', reason: '' });
  assert.equal(
    sandboxDecision({ ...order, registration: [[{ x: 'a SANDBOX_REJECT b' }]] }).decision,
    'REJECTED',
  );
  assert.equal(
    sandboxDecision({ ...order, registration: { deep: { list: ['SANDBOX_BLOCK'] } } }).decision,
    'BLOCKED',
  );
});

test('each decision with a reason adds a message to the logs, oldest first', () => {
  const inReview = transition(order, 'IN_REVIEW', T0 + 1);
  assert.equal(inReview.logs, undefined, 'no message yet');
  const asked = transition(inReview, 'CREATED', T0 + 2, 'Please send a local contact number');
  assert.equal(asked.state, 'CREATED', 'a request for information reopens the order');
  const again = transition(asked, 'IN_REVIEW', T0 + 3);
  const rejected = transition(again, 'REJECTED', T0 + 4, 'No local contact number');
  assert.deepEqual(rejected.logs, [
    { message: 'Please send a local contact number', createdAt: T0 + 2 },
    { message: 'No local contact number', createdAt: T0 + 4 },
  ]);
  assert.equal(transition(again, 'COMPLETED', T0 + 4).logs?.length, 1, 'no reason, no message');
});
