import type { Command } from 'commander';
import { contextOf } from '../../context.js';
import { formatDuration, parseDuration } from '../../duration.js';
import { usageError } from '../../errors.js';
import type { Io } from '../../output.js';
import { sandboxRequest } from '../../sandbox.js';

interface Faults {
  duplicate: boolean;
  outOfOrder: boolean;
  wrongSignature: boolean;
  delaySeconds: number;
}

function describe(projectId: string, f: Faults): string {
  const on = [
    f.duplicate && 'duplicate (every event delivered twice)',
    f.outOfOrder && 'out-of-order (events held back up to 3 s each)',
    f.wrongSignature && 'wrong-signature (signed with another key)',
    f.delaySeconds > 0 && `delay ${formatDuration(f.delaySeconds)} before every first delivery`,
  ].filter(Boolean);
  return `callback faults of ${projectId}: ${on.length ? on.join('; ') : 'none'}`;
}

interface SetOptions {
  duplicate?: boolean;
  outOfOrder?: boolean;
  wrongSignature?: boolean;
  delay?: string;
}

/** `sandbox faults` (read) and `sandbox faults set …`: the project's callbacks misbehaving on purpose. */
export function registerFaults(sandbox: Command, io: Io): void {
  const faults = sandbox
    .command('faults')
    .description(
      "the faults injected into the project's callback deliveries, to test a receiver " +
        '(GET /_sandbox/projects/{projectId}/callbackFaults)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ open-numbers sandbox faults\n' +
        '  $ open-numbers sandbox faults set --wrong-signature --delay 30s\n' +
        '  $ open-numbers sandbox faults set                  # all off',
    )
    .action(async (_options: object, command: Command) => {
      const { client, out } = contextOf(io, command);
      const projectId = client.projectId();
      const answer = await sandboxRequest<Faults>(
        client,
        'GET',
        `/projects/${encodeURIComponent(projectId)}/callbackFaults`,
      );
      out.result(answer, () => describe(projectId, answer));
    });

  faults
    .command('set')
    .description(
      'switch faults on; those not named are switched off, so `faults set` alone turns all off ' +
        '(PUT /_sandbox/projects/{projectId}/callbackFaults)',
    )
    .option('--duplicate', 'deliver every event twice')
    .option('--out-of-order', 'hold each event back up to 3 s, so they arrive reordered')
    .option('--wrong-signature', "sign with a wrong key: the receiver's check must fail")
    .option('--delay <duration>', 'delay every first delivery (90s, 15m, 1h…; at most 1d)')
    .addHelpText('after', '\nExample:\n  $ open-numbers sandbox faults set --duplicate --out-of-order')
    .action(async (options: SetOptions, command: Command) => {
      const delaySeconds = options.delay === undefined ? 0 : parseDuration(options.delay, '--delay');
      if (!Number.isInteger(delaySeconds) || delaySeconds > 86_400)
        throw usageError(`--delay must be whole seconds up to 1d, not "${options.delay}"`);
      const { client, out } = contextOf(io, command);
      const projectId = client.projectId();
      const answer = await sandboxRequest<Faults>(
        client,
        'PUT',
        `/projects/${encodeURIComponent(projectId)}/callbackFaults`,
        {
          body: {
            duplicate: options.duplicate === true,
            outOfOrder: options.outOfOrder === true,
            wrongSignature: options.wrongSignature === true,
            delaySeconds,
          },
        },
      );
      out.result(answer, () => describe(projectId, answer));
    });
}
