import type { Command } from 'commander';
import { contextOf } from '../../context.js';
import { getOrder, getRegistration } from '../../order/orderSteps.js';
import { orderLines } from '../../order/orderText.js';
import type { Io } from '../../output.js';
import { type WaitFlags, waitAndReport, waitTiming, withWaitOptions } from './waiting.js';

/** `order status <id> [--wait]`: the order, its documents and the reviewer's messages. */
export function registerOrderStatus(order: Command, io: Io): void {
  withWaitOptions(
    order
      .command('status')
      .summary('state, time left, documents, reviewer messages (--wait)')
      .description(
        'an order: state, numbers, reservation time left, documents, the reviewer messages (registration logs); ' +
          '--wait waits while it is IN_REVIEW',
      )
      .argument('<orderId>', 'the order (idNumberOrder)'),
  )
    .addHelpText(
      'after',
      `
Examples:
  open-numbers order status 01jc…
  open-numbers order status 01jc… --json | jq -r .order.state`,
    )
    .action(async (orderId: string, flags: WaitFlags, command: Command) => {
      const context = contextOf(io, command);
      if (flags.wait) {
        waitTiming(flags);
        await waitAndReport(context, orderId, flags, 'open-numbers order create … (a new order)');
        return;
      }
      const order = await getOrder(context.client, orderId);
      const registration = await getRegistration(context.client, orderId);
      context.out.result({ order, registration }, () => orderLines(order, registration));
    });
}
