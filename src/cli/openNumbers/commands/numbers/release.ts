import type { Command } from 'commander';
import { contextOf } from '../../context.js';
import type { Io } from '../../output.js';
import { runSafely } from '../../safeRetry.js';
import type { ActiveNumber } from './activeNumber.js';
import { printBillable, RETRIES_OPTION, retriesOf } from './billable.js';
import { examples } from './help.js';
import { phoneNumber } from './inputs.js';
import { findActive } from './reads.js';

/** `numbers release <+number>`: POST /activeNumbers/{n}:release, with safe retries. */
export function registerRelease(numbers: Command, io: Io): void {
  numbers
    .command('release')
    .summary('give a number back at its next charge date (safe retries)')
    .description(
      'Give a number back (POST /activeNumbers/{number}:release): it stays yours until its next charge ' +
        'date (expireAt), with no refund. An answer that gets lost is checked before anything is sent again.',
    )
    .argument('<number>', 'one of your numbers, e.g. +12025550134')
    .option(...RETRIES_OPTION)
    .addHelpText(
      'after',
      examples(
        ['release +12025550134'],
        '0 released (or it already was), 1 refused or provably not released, 2 usage, 3 unknown.',
      ),
    )
    .action(async (input: string, options: { retries?: string }, cmd: Command) => {
      const number = phoneNumber(input);
      const retries = retriesOf(options.retries);
      const { client, out } = contextOf(io, cmd);
      const outcome = await runSafely<ActiveNumber>(
        {
          what: `release ${number}`,
          send: () => client.numbers('POST', `/activeNumbers/${number}:release`),
          async verify() {
            const now = await findActive(client, number);
            if (!now)
              return { kind: 'unsettled', found: `${number} is not an active number of your project` };
            return now.expireAt
              ? {
                  kind: 'done',
                  result: now,
                  found: `the release went through: ${number} leaves your project at ${now.expireAt}`,
                }
              : { kind: 'not-done', found: `${number} is still active with no expireAt: not released` };
          },
        },
        { retries, note: (line) => out.note(line) },
      );
      const { expireAt } = outcome.result;
      printBillable(
        out,
        outcome,
        `Released ${number}: it stays in your project until ${expireAt} (its next charge date; no refund).`,
      );
    });
}
