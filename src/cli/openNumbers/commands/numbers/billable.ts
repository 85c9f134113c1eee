import type { Output } from '../../output.js';
import type { SafeOutcome } from '../../safeRetry.js';
import { type ActiveNumber, describeNumber } from './activeNumber.js';
import { integer } from './inputs.js';

/** `--retries`: how many times a billable request may be sent again once a read proved it did not happen. */
export const RETRIES_OPTION = [
  '--retries <n>',
  'after a lost answer, times to send again once a read proved it did not happen (default 2)',
] as const;

export function retriesOf(input: string | undefined): number {
  return integer(input, '--retries', 2, 0, 10);
}

/**
 * What a billable command prints: for a person, a headline and the number; with --json,
 * `{activeNumber, attempts, confirmedBy, log, …extra}` (`confirmedBy: "read"` when an answer was
 * lost and a read showed the effect).
 */
export function printBillable(
  out: Output,
  outcome: Pick<SafeOutcome<ActiveNumber>, 'result' | 'attempts' | 'confirmedBy' | 'log'>,
  headline: string,
  extra: Record<string, unknown> = {},
): void {
  out.result(
    {
      activeNumber: outcome.result,
      attempts: outcome.attempts,
      confirmedBy: outcome.confirmedBy,
      log: outcome.log,
      ...extra,
    },
    () => [headline, ...describeNumber(outcome.result)],
  );
}
