/**
 * At most `limit` tasks at a time; the rest wait in order. Used to keep scrypt (which runs on
 * libuv's 4-thread pool, shared with DNS and file I/O) from being monopolised by bad credentials.
 */
export function createLimiter(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await task();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}
