/**
 * Runs at most `concurrency` tasks at once, taking waiting tasks round-robin by key (an access
 * key id), so a flood of work for one key waits behind itself and not in front of everyone else.
 * Each key may have at most `maxQueuedPerKey` tasks waiting; more are refused at once with
 * `QueueFullError` instead of growing a backlog.
 *
 * Secret verification (scrypt on libuv's thread pool) goes through it: half of the pool at most,
 * so bad credentials cannot starve DNS and file I/O, and one key id cannot starve another.
 */
export class QueueFullError extends Error {
  constructor(readonly key: string) {
    super(`Too many requests waiting for ${key}`);
  }
}

export interface FairQueue {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Tasks waiting (not running), for tests and metrics. */
  readonly waiting: number;
}

export function createFairQueue({
  concurrency,
  maxQueuedPerKey,
}: {
  concurrency: number;
  maxQueuedPerKey: number;
}): FairQueue {
  let active = 0;
  let waiting = 0;
  // Insertion order of a Map is the round-robin order: a key that is served goes to the back.
  const queues = new Map<string, (() => void)[]>();

  function next() {
    if (active >= concurrency) return;
    const first = queues.entries().next();
    if (first.done) return;
    const [key, queue] = first.value;
    queues.delete(key);
    const start = queue.shift()!;
    if (queue.length) queues.set(key, queue);
    waiting -= 1;
    active += 1;
    start();
  }

  return {
    get waiting() {
      return waiting;
    },
    async run<T>(key: string, task: () => Promise<T>): Promise<T> {
      if (active >= concurrency || queues.size) {
        const queue = queues.get(key) ?? [];
        if (queue.length >= maxQueuedPerKey) throw new QueueFullError(key);
        await new Promise<void>((resolve) => {
          queue.push(resolve);
          queues.set(key, queue);
          waiting += 1;
        });
      } else {
        active += 1;
      }
      try {
        return await task();
      } finally {
        active -= 1;
        next();
      }
    },
  };
}
