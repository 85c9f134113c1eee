import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFairQueue, QueueFullError } from './fairQueue.js';

/** A task that finishes when told to, recording when it started. */
function gate(started: string[], name: string) {
  let open!: () => void;
  const done = new Promise<void>((resolve) => {
    open = resolve;
  });
  const task = () => {
    started.push(name);
    return done.then(() => name);
  };
  return { task, open };
}

test('no more than the concurrency run at once, and every task runs', async () => {
  const queue = createFairQueue({ concurrency: 2, maxQueuedPerKey: 100 });
  let running = 0;
  let peak = 0;
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      queue.run('k', async () => {
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

test('waiting keys are served in turn: a backlog for one key does not hold another back', async () => {
  const queue = createFairQueue({ concurrency: 1, maxQueuedPerKey: 10 });
  const started: string[] = [];
  const tasks = ['a0', 'a1', 'a2', 'a3', 'b0', 'b1'].map((name) => ({ name, ...gate(started, name) }));
  const runs = tasks.map(({ name, task }) => queue.run(name[0]!, task));
  for (const { open } of tasks) {
    open();
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(runs);
  // a0 was running when the rest arrived; then a and b alternate while both have work.
  assert.deepEqual(started, ['a0', 'a1', 'b0', 'a2', 'b1', 'a3']);
});

test('a key with too many tasks waiting is refused at once; other keys are not', async () => {
  const queue = createFairQueue({ concurrency: 1, maxQueuedPerKey: 2 });
  const started: string[] = [];
  const first = gate(started, 'a0');
  const running = queue.run('a', first.task);
  const waiting = [queue.run('a', async () => 'a1'), queue.run('a', async () => 'a2')];
  await assert.rejects(
    queue.run('a', async () => 'a3'),
    QueueFullError,
  );
  const other = queue.run('b', async () => 'b0');
  assert.equal(queue.waiting, 3);
  first.open();
  assert.deepEqual(await Promise.all([running, ...waiting, other]), ['a0', 'a1', 'a2', 'b0']);
  assert.equal(queue.waiting, 0);
});

test('a failing task frees its slot', async () => {
  const queue = createFairQueue({ concurrency: 1, maxQueuedPerKey: 1 });
  await assert.rejects(() => queue.run('k', async () => Promise.reject(new Error('boom'))));
  assert.equal(await queue.run('k', async () => 'next'), 'next');
});
