import type { Command } from 'commander';
import type { Io } from '../../output.js';
import { registerExport } from './export.js';
import { registerGet } from './get.js';
import { registerList } from './list.js';
import { registerRelease } from './release.js';
import { registerRent } from './rent.js';
import { registerRentAny } from './rentAny.js';
import { registerUpdate } from './update.js';

/** `numbers …`: the project's active numbers (seed 002), the billable ones with safe retries. */
export function registerNumbers(program: Command, io: Io): void {
  const numbers = program
    .command('numbers')
    .description(
      'your active numbers: list, get, export; rent, rent-any, update, release (with safe retries)',
    )
    .addHelpText(
      'after',
      '\nrent, rent-any, update and release never send a request twice blindly: when an answer is lost\n' +
        '(a timeout, a reset connection, a 5xx) they read the state first, say what they found, and send\n' +
        'again only if the read proves nothing happened (--retries, default 2). Exit 3: it could not be told.',
    );
  for (const register of [
    registerList,
    registerGet,
    registerExport,
    registerRent,
    registerRentAny,
    registerUpdate,
    registerRelease,
  ])
    register(numbers, io);
}
