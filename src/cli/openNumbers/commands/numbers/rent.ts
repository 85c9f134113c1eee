import type { Command } from 'commander';
import { contextOf } from '../../context.js';
import { CliError, EXIT } from '../../errors.js';
import type { Io } from '../../output.js';
import { runSafely } from '../../safeRetry.js';
import { type ActiveNumber, describeNumber } from './activeNumber.js';
import { printBillable, RETRIES_OPTION, retriesOf } from './billable.js';
import { addConfigurationOptions, type ConfigurationOptions, configurationBody } from './configuration.js';
import { examples } from './help.js';
import { phoneNumber } from './inputs.js';
import { findActive } from './reads.js';

type RentOptions = ConfigurationOptions & { retries?: string };

/** `numbers rent <+number>`: POST /availableNumbers/{n}:rent, with safe retries. */
export function registerRent(numbers: Command, io: Io): void {
  const command = numbers
    .command('rent')
    .summary('rent one number (billable; safe retries)')
    .description(
      'Rent one number (POST /availableNumbers/{number}:rent). Billable: an answer that gets lost is ' +
        'checked with GET /activeNumbers/{number} before the rent is ever sent again.',
    )
    .argument('<number>', 'the number in E.164 form, e.g. +12025550134 (find one with the search API)');
  addConfigurationOptions(command, { unlink: false })
    .option(...RETRIES_OPTION)
    .addHelpText(
      'after',
      examples(
        [
          'rent +12025550134 --sms-service-plan my-plan',
          'rent +12025550134 --app-id my-rtc-app --callback-url https://example.com/numbers --json',
        ],
        '0 rented (or it already was yours), 1 refused or provably not rented, 2 usage, 3 unknown.',
      ),
    )
    .action(async (input: string, options: RentOptions, cmd: Command) => {
      const number = phoneNumber(input);
      const body = configurationBody(options, { unlink: false });
      const retries = retriesOf(options.retries);
      const { client, out } = contextOf(io, cmd);

      // Already ours? Then nothing is rented, and a later read could not tell our rent from that one.
      const before = await findActive(client, number);
      if (before?.expireAt)
        throw new CliError(
          `${number} is yours but released: it leaves your project at ${before.expireAt} and cannot be rented until then`,
          EXIT.refused,
          { activeNumber: before },
        );
      if (before) {
        out.result({ activeNumber: before, attempts: 0, alreadyActive: true }, () => [
          `${number} is already active in your project: nothing rented (change its configuration with numbers update)`,
          ...describeNumber(before),
        ]);
        return;
      }

      const outcome = await runSafely<ActiveNumber>(
        {
          what: `rent ${number}`,
          send: () => client.numbers('POST', `/availableNumbers/${number}:rent`, { body }),
          async verify() {
            const now = await findActive(client, number);
            return now
              ? {
                  kind: 'done',
                  result: now,
                  found: `the rent went through: ${number} is active in your project`,
                }
              : { kind: 'not-done', found: `${number} is not in your project: not rented` };
          },
        },
        { retries, note: (line) => out.note(line) },
      );
      printBillable(out, outcome, `Rented ${number}.`);
    });
}
