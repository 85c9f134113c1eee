import type { SettingsPort } from './store/types.js';

const OFFSET_KEY = 'clock.offsetMs';

/**
 * The one source of time. In sandbox mode it is wall time plus an offset kept in the database, so
 * every process sharing the store agrees on it and a test can jump over a 48-hour deadline.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  readonly adjustable: boolean;
  /** Moves sandbox time forward; returns the new now. */
  advance(seconds: number): Promise<number>;
  /** Re-reads the offset another process may have changed. */
  refresh(): Promise<void>;
}

/**
 * `announce` runs after an advance is stored and before `advance` resolves: a server of several
 * processes tells the others there (src/cluster/), so the next request to any of them sees the new
 * time. Processes outside it (another replica, `npm run worker`) re-read the offset every second.
 */
export async function createClock(
  settings: SettingsPort,
  adjustable: boolean,
  announce: () => Promise<void> = async () => {},
): Promise<Clock> {
  let offsetMs = adjustable ? Number(await settings.getOrInit(OFFSET_KEY, '0')) : 0;
  return {
    adjustable,
    now: () => Date.now() + offsetMs,
    async advance(seconds) {
      if (!adjustable) throw new Error('The clock is not adjustable in operator mode');
      offsetMs =
        Math.max(offsetMs, Number((await settings.get(OFFSET_KEY)) ?? offsetMs)) + Math.round(seconds * 1000);
      await settings.set(OFFSET_KEY, String(offsetMs));
      await announce();
      return Date.now() + offsetMs;
    },
    async refresh() {
      // The offset only grows; a read that started before a concurrent advance must not undo it.
      if (adjustable) offsetMs = Math.max(offsetMs, Number((await settings.get(OFFSET_KEY)) ?? offsetMs));
    },
  };
}
