import type { Command } from 'commander';
import type { Io } from '../../output.js';
import { registerCallbacks } from './callbacks.js';
import { registerClock } from './clock.js';
import { registerFaults } from './faults.js';
import { registerHostingOrders } from './hostingOrders.js';
import { registerMessages } from './messages.js';

/** `sandbox …`: the local server's sandbox controls, with OPEN_NUMBERS_ADMIN_TOKEN. */
export function registerSandbox(program: Command, io: Io): void {
  const sandbox = program
    .command('sandbox')
    .description(
      "the local server's sandbox controls (/_sandbox, with OPEN_NUMBERS_ADMIN_TOKEN): its clock, the callback " +
        'log, the mail and voice calls it "sent", hosting orders, callback faults. Not in operator mode.',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ open-numbers sandbox clock advance 48h\n  $ open-numbers sandbox callbacks --follow',
    );
  registerClock(sandbox, io);
  registerCallbacks(sandbox, io);
  registerMessages(sandbox, io);
  registerHostingOrders(sandbox, io);
  registerFaults(sandbox, io);
}
