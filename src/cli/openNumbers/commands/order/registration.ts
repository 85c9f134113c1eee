import type { Command } from 'commander';
import { contextOf } from '../../context.js';
import { readRegistrationFile } from '../../order/orderInput.js';
import { getRegistration, putRegistration } from '../../order/orderSteps.js';
import type { Io } from '../../output.js';

/** `order registration <id> [--file reg.json]`: step 4 on its own (or the registration as it is). */
export function registerOrderRegistration(order: Command, io: Io): void {
  order
    .command('registration')
    .summary('step 4: send (--file) or show the registration')
    .description(
      "step 4: send an order's registration data (PUT …/registration), validated by the server at once; " +
        'without --file, show the registration, its documents and the reviewer messages',
    )
    .argument('<orderId>', 'the order (idNumberOrder)')
    .option('--file <file>', 'registration data, JSON (data itself, {data} or {requestDetails: {data}})')
    .addHelpText(
      'after',
      `
Examples:
  open-numbers order registration 01jc… --file reg.json
  open-numbers order registration 01jc… --json | jq .requestDetails.data`,
    )
    .action(async (orderId: string, options: { file?: string }, command: Command) => {
      const { client, out } = contextOf(io, command);
      if (options.file === undefined) {
        const registration = await getRegistration(client, orderId);
        out.result(registration, () => JSON.stringify(registration, null, 2));
        return;
      }
      const data = await readRegistrationFile(options.file, io.cwd);
      const registration = await putRegistration(
        client,
        orderId,
        data,
        'open-numbers order create … (a new order)',
        `fix ${options.file} and run this again; the order stays reserved`,
      );
      out.result(registration, () => [
        `Registration of order ${orderId} accepted.`,
        `  next: documents if any (open-numbers order attach ${orderId} <attachmentId> <file>), then open-numbers order submit ${orderId}`,
      ]);
    });
}
