/**
 * When a failed delivery is tried again, in clock time after the attempt that failed (so the
 * sandbox clock compresses it): 10 attempts over about 16 hours, then the event is dead.
 */
const RETRY_DELAYS_SECONDS = [5, 30, 120, 600, 1800, 3600, 7200, 14400, 28800] as const;
/**
 * Delivery attempts per callback event (the first plus one per retry delay). Not the worker's
 * WORKER_MAX_ATTEMPTS: each attempt is a job of its own, which succeeds once the attempt is recorded.
 */
export const CALLBACK_MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
/** A receiver has this long (wall time) to answer with a status before the attempt counts as failed. */
export const DELIVERY_TIMEOUT_MS = 5000;

/** Delay before attempt `attempt + 1`, or null when `attempt` was the last. */
export function retryDelayMs(attempt: number): number | null {
  const seconds = RETRY_DELAYS_SECONDS[attempt - 1];
  return seconds === undefined ? null : seconds * 1000;
}
