import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLimiter } from './limiter.js';

test('no more than the limit run at once, and every task runs', async () => {
  const limit = createLimiter(2);
  let running = 0;
  let peak = 0;
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      limit(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setImmediate(resolve));
        running -= 1;
        return i;
      }),
    ),
  );
  assert.equal(peak, 2);
  assert.deepEqual(results, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('a failing task frees its slot', async () => {
  const limit = createLimiter(1);
  await assert.rejects(() => limit(async () => Promise.reject(new Error('boom'))));
  assert.equal(await limit(async () => 'next'), 'next');
});
