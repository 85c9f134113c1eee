import { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import { contextOf } from '../../context.js';
import { usageError } from '../../errors.js';
import type { Io } from '../../output.js';
import { registerBulkImport } from './bulkImport.js';
import { CMD } from './format.js';
import { examples } from './help.js';
import { registerImportedNumbers } from './importedNumbers.js';
import { registerOrders } from './orders.js';
import { registerQualification } from './qualification.js';
import { registerTextEnable } from './textEnable.js';
import { runImportedWizard } from './wizard.js';

/**
 * `imported`: seed 003's decision tree for numbers hosted elsewhere. Without a subcommand, on a
 * terminal, a wizard asks the seed's questions and runs the workflow they lead to; each branch is
 * also a subcommand for scripts (A import, B bulk-import, C qualify/challenge/verify,
 * D text-enable, E order …, F list/get/update/delete and qualified …).
 */
export function registerImported(program: Command, io: Io): void {
  const imported = examples(
    program
      .command('imported')
      .summary('numbers hosted elsewhere: a wizard, or import, qualify, text-enable, order … (seed 003)')
      .description(
        'numbers hosted elsewhere on Sinch SMS (the Imported Numbers API, US and CA): without a ' +
          'subcommand, on a terminal, a wizard asks what you need and runs the right workflow',
      )
      .addHelpText(
        'after',
        [
          '',
          'Which command (seed 003):',
          '  one number, SMS already set up elsewhere ......... import       (workflow A)',
          '  up to 5 numbers, SMS already set up elsewhere .... bulk-import  (workflow B)',
          '  numbers Sinch should text-enable ................. qualify, challenge, verify (C),',
          '                                                     then text-enable --loa direct|reseller|blanket (D)',
          '  how is my order doing ............................ order status|report|numbers|list|loa (E)',
          '  manage ........................................... list, get, update, delete, qualified … (F)',
        ].join('\n'),
      ),
    CMD,
    `${CMD} import +12025550134 --sms-service-plan my-plan`,
    `${CMD} qualify +12025550134 && ${CMD} challenge +12025550134 && ${CMD} verify +12025550134 --code 123456`,
  ).action(async (_options: unknown, command: Command) => {
    const { client, settings } = contextOf(io, command);
    const { stdin, stdout } = io;
    if (
      settings.json ||
      !stdin?.isTTY ||
      !stdout.isTTY ||
      !(stdin instanceof Readable) ||
      !(stdout instanceof Writable)
    )
      throw usageError(
        `${CMD} without a subcommand asks questions on a terminal; in scripts name one: import, bulk-import, qualify, challenge, verify, text-enable, order, list … (${CMD} --help)`,
      );
    await runImportedWizard(client, { input: stdin, output: stdout });
  });
  registerImportedNumbers(imported, io);
  registerBulkImport(imported, io);
  registerQualification(imported, io);
  registerTextEnable(imported, io);
  registerOrders(imported, io);
}
