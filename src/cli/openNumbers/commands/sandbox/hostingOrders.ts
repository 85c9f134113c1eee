import type { Command } from 'commander';
import { contextOf } from '../../context.js';
import type { Io } from '../../output.js';
import { sandboxRequest } from '../../sandbox.js';

/** `sandbox hosting-orders advance <id>`. */
export function registerHostingOrders(sandbox: Command, io: Io): void {
  sandbox
    .command('hosting-orders')
    .description('move hosting orders along without waiting for clock time')
    .command('advance')
    .argument('<hostingOrderId>', 'the order to move')
    .description(
      'move a hosting order to its next state at once: approve it, sign its LOA in the authorised ' +
        "person's name, or run its remaining carrier steps (POST /_sandbox/hostingOrders/{id}:advance)",
    )
    .addHelpText(
      'after',
      '\nExample (repeat until it says COMPLETED):\n  $ open-numbers sandbox hosting-orders advance 01jq3v5x9k2m8n4p6r7s0t1u2w',
    )
    .action(async (id: string, _options: object, command: Command) => {
      const { client, out } = contextOf(io, command);
      const answer = await sandboxRequest<{ hostingOrderId: string; state: string }>(
        client,
        'POST',
        `/hostingOrders/${encodeURIComponent(id)}:advance`,
      );
      out.result(answer, () => `hosting order ${answer.hostingOrderId}: ${answer.state}`);
    });
}
