import type { Command } from 'commander';
import { contextOf } from '../../context.js';
import { formatDuration, parseDuration } from '../../duration.js';
import type { Io } from '../../output.js';
import { sandboxRequest } from '../../sandbox.js';

/** `sandbox clock` (read) and `sandbox clock advance <duration>`. */
export function registerClock(sandbox: Command, io: Io): void {
  const clock = sandbox
    .command('clock')
    .description('read the sandbox clock, the time every rule of the server reads (GET /_sandbox/clock)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ open-numbers sandbox clock\n  $ open-numbers sandbox clock advance 48h',
    )
    .action(async (_options: object, command: Command) => {
      const { client, out } = contextOf(io, command);
      const answer = await sandboxRequest<{ now: string }>(client, 'GET', '/clock');
      out.result(answer, () => `sandbox clock: ${answer.now}`);
    });

  clock
    .command('advance')
    .argument('<duration>', '90s, 15m, 48h, 2d, 1h30m, or plain seconds')
    .description(
      'move the sandbox clock forward: provisioning, reviews, callback retries, expiries that fall due run ' +
        'as they would have (POST /_sandbox/clock:advance)',
    )
    .addHelpText(
      'after',
      "\nExamples:\n  $ open-numbers sandbox clock advance 48h     # past a number order's reservation\n" +
        '  $ open-numbers sandbox clock advance 90      # seconds',
    )
    .action(async (duration: string, _options: object, command: Command) => {
      const seconds = parseDuration(duration);
      const { client, out } = contextOf(io, command);
      const answer = await sandboxRequest<{ now: string }>(client, 'POST', '/clock:advance', {
        body: { seconds },
      });
      out.result(
        { ...answer, advancedSeconds: seconds },
        () => `sandbox clock advanced by ${formatDuration(seconds)} (${seconds} s): ${answer.now}`,
      );
    });
}
