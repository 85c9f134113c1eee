import type { Command } from 'commander';
import { contextOf } from '../../context.js';
import { submitOrder } from '../../order/orderSteps.js';
import type { Io } from '../../output.js';
import { type WaitFlags, waitAndReport, waitTiming, withWaitOptions } from './waiting.js';

/** `order submit <id> [--wait]`: step 6, CREATED → IN_REVIEW; a 400 lists what is missing. */
export function registerOrderSubmit(order: Command, io: Io): void {
  withWaitOptions(
    order
      .command('submit')
      .summary('step 6: send to review (--wait for the decision)')
      .description('step 6: send an order to review (POST …/submit); --wait waits for the decision')
      .argument('<orderId>', 'the order (idNumberOrder)'),
  )
    .addHelpText(
      'after',
      `
Example:
  open-numbers order submit 01jc… --wait --wait-timeout 30m`,
    )
    .action(async (orderId: string, flags: WaitFlags, command: Command) => {
      const context = contextOf(io, command);
      if (flags.wait) waitTiming(flags);
      const startOver = 'open-numbers order create … (a new order)';
      const submitted = await submitOrder(context.client, orderId, startOver);
      if (flags.wait) {
        context.out.note(`Submitted: ${submitted.state}`);
        await waitAndReport(context, orderId, flags, startOver);
        return;
      }
      context.out.result(submitted, () => [
        `Order ${orderId}: ${submitted.state}`,
        `  next: open-numbers order status ${orderId} --wait`,
      ]);
    });
}
