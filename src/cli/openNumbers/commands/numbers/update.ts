import type { Command } from 'commander';
import type { ApiClient } from '../../client.js';
import { contextOf } from '../../context.js';
import { ApiError, CliError, EXIT, usageError } from '../../errors.js';
import type { Io, Output } from '../../output.js';
import { runSafely, type SafeOutcome } from '../../safeRetry.js';
import type { ActiveNumber } from './activeNumber.js';
import { printBillable, RETRIES_OPTION, retriesOf } from './billable.js';
import {
  addConfigurationOptions,
  type ConfigurationBody,
  type ConfigurationOptions,
  configurationBody,
} from './configuration.js';
import { examples } from './help.js';
import { phoneNumber, seconds } from './inputs.js';
import {
  type Channels,
  failedStatus,
  pendingStatus,
  type WaitOptions,
  waitForProvisioning,
} from './provisioningWait.js';
import { getActive } from './reads.js';
import { unlinkFor } from './relink.js';
import { showsUpdate } from './requestedState.js';

type UpdateOptions = ConfigurationOptions & {
  displayName?: string;
  unlinkThenLink?: boolean;
  wait?: boolean;
  waitTimeout?: string;
  pollInterval?: string;
  retries?: string;
};

type PatchBody = ConfigurationBody & { displayName?: string };

/** One step of `--unlink-then-link`, for --json. */
interface Step {
  step: 'wait' | 'unlink' | 'link';
  outcome: string;
}

/** What an update run works with. */
interface Run {
  client: ApiClient;
  out: Output;
  number: string;
  retries: number;
  wait: WaitOptions;
  steps: Step[];
}

/** One PATCH, with safe retries: after a lost answer a read shows whether the number took the change. */
function patch(
  run: Run,
  before: ActiveNumber,
  body: PatchBody,
  what: string,
): Promise<SafeOutcome<ActiveNumber>> {
  const { client, number } = run;
  return runSafely<ActiveNumber>(
    {
      what,
      send: () => client.numbers('PATCH', `/activeNumbers/${number}`, { body }),
      async verify() {
        const now = await getActive(client, number);
        return showsUpdate(now, body, before)
          ? { kind: 'done', result: now, found: `the update went through: ${number} shows the change` }
          : { kind: 'not-done', found: `${number} does not show the change: not updated` };
      },
    },
    { retries: run.retries, note: (line) => run.out.note(line) },
  );
}

/**
 * The first half of the seed's two-step relink: let a change already on its way finish, PATCH ""
 * for what is linked, and wait until the number's scheduledProvisioning is over. Returns the
 * number as it then is; a rerun finds nothing left to unlink and goes on to the link.
 */
async function unlinkFirst(run: Run, start: ActiveNumber, body: PatchBody, channels: Channels) {
  let current = start;
  if (pendingStatus(current, channels) && !showsUpdate(current, body)) {
    current = await waitForProvisioning(run.client, run.number, channels, 'the change on its way', run.wait);
    run.steps.push({ step: 'wait', outcome: `earlier change ${failedStatus(current, channels) ?? 'done'}` });
  }
  const unlink = unlinkFor(current, body);
  if (!unlink) {
    run.out.note(`nothing to unlink on ${run.number}`);
    run.steps.push({ step: 'unlink', outcome: 'nothing to unlink' });
    return current;
  }
  run.out.note(`unlinking ${unlink.describe} from ${run.number} first`);
  await patch(run, current, unlink.body, `unlink ${unlink.describe} from ${run.number}`);
  run.steps.push({ step: 'unlink', outcome: `sent: ${unlink.describe}` });
  current = await waitForProvisioning(run.client, run.number, unlink.channels, 'the unlink', run.wait);
  const failed = failedStatus(current, unlink.channels);
  if (failed)
    throw new CliError(
      `the unlink of ${unlink.describe} failed (${failed}): nothing was linked`,
      EXIT.refused,
      {
        activeNumber: current,
        steps: run.steps,
      },
    );
  if (unlinkFor(current, body))
    throw new CliError(
      `${run.number} is linked again after the unlink: someone else changed it; nothing was linked`,
      EXIT.refused,
      { activeNumber: current, steps: run.steps },
    );
  run.steps.push({ step: 'wait', outcome: 'unlink done' });
  return current;
}

/** `numbers update <+number>`: PATCH /activeNumbers/{n}, with safe retries and the two-step relink. */
export function registerUpdate(numbers: Command, io: Io): void {
  const command = numbers
    .command('update')
    .summary("change a number's name, callback URL, SMS or voice (safe retries, two-step relink)")
    .description(
      "Change a number's display name, callback URL, SMS or voice configuration (PATCH /activeNumbers/{number}). " +
        'SMS and voice changes are provisioned in steps (scheduledProvisioning); --unlink-then-link does the ' +
        'two-step relink a number linked to another service plan, campaign or voice id needs.',
    )
    .argument('<number>', 'one of your numbers, e.g. +12025550134')
    .option('--display-name <name>', 'the name shown for the number ("" for none)');
  addConfigurationOptions(command, { unlink: true })
    .option(
      '--unlink-then-link',
      'unlink what is linked first, wait until that is provisioned, then link (resumable)',
    )
    .option('--wait', 'wait until the SMS/voice change is provisioned (or failed)')
    .option('--wait-timeout <seconds>', 'longest wait for provisioning (default 300)')
    .option('--poll-interval <seconds>', 'time between reads while waiting (default 2)')
    .option(...RETRIES_OPTION)
    .addHelpText(
      'after',
      examples(
        [
          'update +12025550134 --display-name Support',
          'update +12025550134 --sms-service-plan new-plan --unlink-then-link --wait',
          'update +12025550134 --sms-service-plan ""      # unlink SMS',
        ],
        '0 updated, 1 refused or provably not updated (or provisioning failed), 2 usage, 3 unknown, or a wait ran out (run the same command again to go on).',
      ),
    )
    .action(async (input: string, options: UpdateOptions, cmd: Command) => {
      const number = phoneNumber(input);
      const body: PatchBody = {
        ...(options.displayName !== undefined ? { displayName: options.displayName } : {}),
        ...configurationBody(options, { unlink: true }),
      };
      if (Object.keys(body).length === 0)
        throw usageError(
          'nothing to change: give --display-name, --callback-url, --sms-service-plan, --campaign or a voice id (see --help)',
        );
      const channels: Channels = { sms: !!body.smsConfiguration, voice: !!body.voiceConfiguration };
      if (options.unlinkThenLink && !channels.sms && !channels.voice)
        throw usageError(
          '--unlink-then-link needs something to link: --sms-service-plan, --campaign or a voice id',
        );
      const { client, out } = contextOf(io, cmd);
      const run: Run = {
        client,
        out,
        number,
        retries: retriesOf(options.retries),
        wait: {
          io,
          out,
          timeoutMs: seconds(options.waitTimeout, '--wait-timeout', 300) * 1000,
          intervalMs: seconds(options.pollInterval, '--poll-interval', 2) * 1000,
        },
        steps: [],
      };

      let current = await getActive(client, number);
      if (options.unlinkThenLink) current = await unlinkFirst(run, current, body, channels);

      let outcome: Pick<SafeOutcome<ActiveNumber>, 'result' | 'attempts' | 'confirmedBy' | 'log'>;
      if (options.unlinkThenLink && showsUpdate(current, body)) {
        out.note(`${number} already shows what was asked: nothing to link`);
        run.steps.push({ step: 'link', outcome: 'already linked' });
        outcome = { result: current, attempts: 0, confirmedBy: 'read', log: [] };
      } else {
        try {
          outcome = await patch(run, current, body, `update ${number}`);
        } catch (error) {
          if (
            error instanceof ApiError &&
            error.httpStatus === 400 &&
            !options.unlinkThenLink &&
            unlinkFor(current, body)
          )
            throw new CliError(
              `${error.message} (add --unlink-then-link to unlink first and link once that is done)`,
              error.exitCode,
              error.details,
            );
          throw error;
        }
        if (options.unlinkThenLink) run.steps.push({ step: 'link', outcome: 'sent' });
      }

      let result = outcome.result;
      if (options.wait && pendingStatus(result, channels)) {
        result = await waitForProvisioning(client, number, channels, 'the change', run.wait);
        const failed = failedStatus(result, channels);
        if (failed)
          throw new CliError(
            `${number} took the change but its provisioning failed: ${failed}`,
            EXIT.refused,
            {
              activeNumber: result,
              steps: run.steps,
            },
          );
      }
      const pending = pendingStatus(result, channels);
      const headline = pending
        ? `Updated ${number}; provisioning ${pending} (follow it with: open-numbers numbers get ${number}).`
        : `Updated ${number}.`;
      printBillable(
        out,
        { ...outcome, result },
        headline,
        options.unlinkThenLink ? { steps: run.steps } : {},
      );
    });
}
