import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFailureThrottle } from './failureThrottle.js';

test('an address may fail `burst` times, then once per refill interval', () => {
  const throttle = createFailureThrottle({ burst: 3, refillMs: 1000 });
  const t0 = 1_000_000;
  for (let i = 0; i < 3; i++) {
    assert.equal(throttle.retryAfterMs('10.0.0.1', t0), 0);
    throttle.recordFailure('10.0.0.1', t0);
  }
  assert.equal(throttle.retryAfterMs('10.0.0.1', t0), 1000);
  assert.equal(throttle.retryAfterMs('10.0.0.1', t0 + 400), 600);
  assert.equal(throttle.retryAfterMs('10.0.0.1', t0 + 1000), 0);
  throttle.recordFailure('10.0.0.1', t0 + 1000);
  assert.equal(throttle.retryAfterMs('10.0.0.1', t0 + 1000), 1000);
  // Another address is not affected, and a long pause refills the whole bucket.
  assert.equal(throttle.retryAfterMs('10.0.0.2', t0), 0);
  for (let i = 0; i < 3; i++) throttle.recordFailure('10.0.0.1', t0 + 60_000);
  assert.equal(throttle.retryAfterMs('10.0.0.1', t0 + 60_000), 1000);
});

test('the map of addresses stays bounded', () => {
  const throttle = createFailureThrottle({ burst: 1, refillMs: 1000, maxAddresses: 100 });
  for (let i = 0; i < 1000; i++) throttle.recordFailure(`10.0.${i >> 8}.${i & 255}`, 5000);
  // The most recent addresses are still remembered; the oldest were dropped.
  assert.equal(throttle.retryAfterMs('10.0.3.231', 5000), 1000);
  assert.equal(throttle.retryAfterMs('10.0.0.0', 5000), 0);
});
