import type { Command } from 'commander';
import { contextOf } from '../../context.js';
import { usageError } from '../../errors.js';
import { orderWizard } from '../../order/wizard/orderWizard.js';
import type { Io } from '../../output.js';
import { waitTiming, withWaitOptions } from './waiting.js';

/** `order` (= `order wizard`): the questions, on a terminal only. */
export function registerOrderWizard(order: Command, io: Io): void {
  withWaitOptions(
    order
      .command('wizard', { isDefault: true })
      .summary('the default on a terminal: questions, steps 1–6, the review')
      .description(
        'the default on a terminal: asks region, type, number, SMS or voice, then walks steps 1–6 and waits for ' +
          'the review (Ctrl-C cancels: exit 130; an order already created stays reserved for 48 h)',
      ),
    '--no-wait',
  )
    .allowExcessArguments()
    .addHelpText(
      'after',
      `
Examples:
  open-numbers order
  open-numbers order --no-wait`,
    )
    .action(
      async (flags: { wait: boolean; waitTimeout?: string; pollInterval?: string }, command: Command) => {
        const context = contextOf(io, command);
        if (command.args.length)
          throw usageError(`unknown order command '${command.args[0]}' (see: open-numbers order --help)`);
        if (!io.stdin?.isTTY || !io.stdout.isTTY)
          throw usageError(
            'the order wizard needs a terminal; scripts use: open-numbers order create … (see: open-numbers order create --help)',
          );
        if (context.settings.json)
          throw usageError(
            'the wizard is for people; for JSON use the subcommands, e.g. open-numbers order create … --json',
          );
        await orderWizard(context, { wait: flags.wait, ...waitTiming(flags) });
      },
    );
}
