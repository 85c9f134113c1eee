import type { Command } from 'commander';
import type { Io } from '../../output.js';
import { registerOrderAttach } from './attach.js';
import { registerOrderCreate } from './create.js';
import { registerOrderRegistration } from './registration.js';
import { registerOrderRequirements } from './requirements.js';
import { registerOrderSearch } from './search.js';
import { registerOrderStatus } from './status.js';
import { registerOrderSubmit } from './submit.js';
import { registerOrderWizard } from './wizard.js';

/**
 * `order`: the KYC number order of seed 000. On a terminal, `open-numbers order` is a wizard;
 * scripts use `order create …` (all steps at once) or one subcommand per step.
 */
export function registerOrder(program: Command, io: Io): void {
  const order = program
    .command('order')
    .description(
      'order numbers where identity checks apply (KYC, seed 000): lookup requirements → search → create → ' +
        'registration → attachments → submit → review. Without a subcommand, on a terminal: a wizard.',
    );
  order.addHelpText(
    'after',
    `
Examples:
  open-numbers order                                   # the wizard (a terminal is needed)
  open-numbers order requirements --region AU --type MOBILE
  open-numbers order create --region AU --type MOBILE --number +61411111112 \\
      --sms-service-plan 1dez6a8300774283a4256aa756a11111 --registration reg.json --submit --wait
  open-numbers order status 01jc…`,
  );
  registerOrderWizard(order, io);
  registerOrderRequirements(order, io);
  registerOrderSearch(order, io);
  registerOrderCreate(order, io);
  registerOrderRegistration(order, io);
  registerOrderAttach(order, io);
  registerOrderSubmit(order, io);
  registerOrderStatus(order, io);
}
