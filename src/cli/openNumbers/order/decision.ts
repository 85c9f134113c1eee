import type { ApiClient, Json } from '../client.js';
import { usageError } from '../errors.js';
import { getOrder, getRegistration } from './orderSteps.js';

/**
 * After step 6 the order is IN_REVIEW until someone decides: COMPLETED, REJECTED or BLOCKED; or
 * back to CREATED when the reviewer asks for more information. The CLI only reads the order
 * (GET …/numberOrders/{id}) until it leaves IN_REVIEW; in the sandbox the review happens once
 * OPEN_NUMBERS_REVIEW_DELAY_SECONDS of clock time passed, and nothing here moves that clock.
 */

export interface WaitOptions {
  pollMs: number;
  timeoutMs: number;
  /** Each read, for a spinner. */
  onPoll?: (order: Json, waitedMs: number) => void;
}

export interface Decision {
  order: Json;
  /** The reviewer's messages (`logs` of the registration), oldest first. */
  logs: { message: string; createTime: string }[];
  /** Still IN_REVIEW when the time ran out. */
  timedOut: boolean;
}

/** `10m`, `90s`, `1h`, `1h30m` or plain seconds → milliseconds. */
export function parseDuration(value: string, flag: string): number {
  const text = value.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  const part = /(\d+(?:\.\d+)?)(ms|h|m|s)/y;
  while (part.lastIndex < text.length) {
    const m = part.exec(text);
    if (!m) throw usageError(`${flag} must be a duration such as 10m, 90s or 1h, not "${value}"`);
    total += Number(m[1]) * unit[m[2]!]!;
  }
  if (total <= 0) throw usageError(`${flag} must be more than 0, not "${value}"`);
  return Math.round(total);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitForDecision(
  client: ApiClient,
  orderId: string,
  options: WaitOptions,
): Promise<Decision> {
  const started = Date.now();
  let order = await getOrder(client, orderId);
  for (;;) {
    options.onPoll?.(order, Date.now() - started);
    if (order.state !== 'IN_REVIEW') break;
    if (Date.now() - started >= options.timeoutMs) break;
    await sleep(Math.min(options.pollMs, Math.max(0, options.timeoutMs - (Date.now() - started))));
    order = await getOrder(client, orderId);
  }
  const registration = await getRegistration(client, orderId).catch(() => undefined);
  return { order, logs: registration?.logs ?? [], timedOut: order.state === 'IN_REVIEW' };
}
