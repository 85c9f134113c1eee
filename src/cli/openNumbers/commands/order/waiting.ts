import type { Command } from 'commander';
import type { Json } from '../../client.js';
import type { CommandContext } from '../../context.js';
import { CliError, EXIT, usageError } from '../../errors.js';
import { parseDuration, waitForDecision } from '../../order/decision.js';
import { decisionOutcome } from '../../order/orderText.js';

/** `--wait`, `--wait-timeout`, `--poll-interval` of the commands that can wait for the review. */
export interface WaitFlags {
  wait?: boolean;
  waitTimeout?: string;
  pollInterval?: string;
}

const WAIT_HELP = {
  wait: 'wait for the review decision (exit 0 COMPLETED, 1 REJECTED/BLOCKED/info requested, 3 still in review)',
  waitTimeout: 'how long --wait waits, e.g. 90s, 10m, 2h (default 10m)',
  pollInterval: 'seconds between two reads of the order while waiting (default 2)',
} as const;

/** Adds the waiting options: `--wait` (or `--no-wait` where waiting is the default), timeout, poll interval. */
export function withWaitOptions(command: Command, flag: '--wait' | '--no-wait' = '--wait'): Command {
  return command
    .option(
      flag,
      flag === '--wait' ? WAIT_HELP.wait : 'stop after submitting instead of waiting for the review',
    )
    .option('--wait-timeout <duration>', WAIT_HELP.waitTimeout)
    .option('--poll-interval <seconds>', WAIT_HELP.pollInterval);
}

export function waitTiming(flags: WaitFlags): { timeoutMs: number; pollMs: number } {
  const timeoutMs = parseDuration(flags.waitTimeout ?? '10m', '--wait-timeout');
  const poll = Number(flags.pollInterval ?? '2');
  if (!Number.isFinite(poll) || poll <= 0)
    throw usageError(`--poll-interval must be a positive number of seconds, not "${flags.pollInterval}"`);
  return { timeoutMs, pollMs: Math.round(poll * 1000) };
}

/**
 * Waits for the decision and reports it: the result on stdout when COMPLETED; otherwise what
 * happened and what to do next as the error (exit 1, or 3 when the wait ran out).
 */
export async function waitAndReport(
  { client, out }: CommandContext,
  orderId: string,
  flags: WaitFlags,
  startOver: string,
  extra: Record<string, Json> = {},
): Promise<void> {
  const timing = waitTiming(flags);
  out.note(`Waiting for the review of order ${orderId} (at most ${flags.waitTimeout ?? '10m'}) …`);
  const decision = await waitForDecision(client, orderId, timing);
  const { lines, exitCode } = decisionOutcome(decision, startOver);
  const data = { ...extra, order: decision.order, logs: decision.logs };
  if (exitCode === EXIT.ok) {
    out.result(data, () => lines);
    return;
  }
  if (out.json) out.result(data, () => []);
  throw new CliError(lines.join('\n'), exitCode, { orderId, state: decision.order.state });
}
