import type { Command } from 'commander';
import { contextOf } from '../../context.js';
import type { Io } from '../../output.js';
import { describeNumber } from './activeNumber.js';
import { examples } from './help.js';
import { phoneNumber } from './inputs.js';
import { getActive } from './reads.js';

/** `numbers get <+number>`: GET /activeNumbers/{n}. */
export function registerGet(numbers: Command, io: Io): void {
  numbers
    .command('get')
    .summary('one of your numbers')
    .description('One of your numbers, with its SMS and voice provisioning (GET /activeNumbers/{number}).')
    .argument('<number>', 'the number in E.164 form, e.g. +12025550134')
    .addHelpText('after', examples(['get +12025550134 --json']))
    .action(async (input: string, _options: unknown, cmd: Command) => {
      const number = phoneNumber(input);
      const { client, out } = contextOf(io, cmd);
      const found = await getActive(client, number);
      out.result(found, () => describeNumber(found));
    });
}
