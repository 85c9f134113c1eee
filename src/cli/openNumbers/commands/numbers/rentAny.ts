import type { Command } from 'commander';
import { contextOf } from '../../context.js';
import type { Io } from '../../output.js';
import { runSafely } from '../../safeRetry.js';
import type { ActiveNumber } from './activeNumber.js';
import { printBillable, RETRIES_OPTION, retriesOf } from './billable.js';
import {
  addConfigurationOptions,
  type ConfigurationBody,
  type ConfigurationOptions,
  configurationBody,
} from './configuration.js';
import { examples } from './help.js';
import { capabilities, numberPattern, numberType, regionCode } from './inputs.js';
import { listAllActive } from './reads.js';
import { showsSms, showsVoice } from './requestedState.js';

type RentAnyOptions = ConfigurationOptions & {
  region: string;
  type: string;
  pattern?: string;
  searchPattern?: string;
  capability?: string[];
  retries?: string;
};

interface RentAnyBody extends ConfigurationBody {
  regionCode: string;
  type: string;
  numberPattern?: { pattern: string; searchPattern: string };
  capabilities?: string[];
}

/** The API matches a pattern against the E.164 form, `+` included (contract §1.3). */
function matchesPattern(
  e164: string,
  { pattern, searchPattern }: { pattern: string; searchPattern: string },
) {
  if (searchPattern === 'START') return e164.startsWith(pattern);
  if (searchPattern === 'END') return e164.endsWith(pattern);
  return e164.includes(pattern);
}

/** Whether `n` is a number this rentAny request could have rented (pattern, capabilities, configuration). */
export function fitsRequest(n: ActiveNumber, request: RentAnyBody): boolean {
  if (n.regionCode !== request.regionCode || n.type !== request.type) return false;
  if (request.numberPattern && !matchesPattern(n.phoneNumber, request.numberPattern)) return false;
  if (request.capabilities?.some((c) => !n.capability.includes(c))) return false;
  if (request.callbackUrl !== undefined && n.callbackUrl !== request.callbackUrl) return false;
  if (request.smsConfiguration && !showsSms(n, request.smsConfiguration)) return false;
  if (request.voiceConfiguration && !showsVoice(n, request.voiceConfiguration)) return false;
  return true;
}

/**
 * `numbers rent-any --region US --type LOCAL`: POST /availableNumbers:rentAny, with safe retries.
 * The number is not known before the answer, so the project's numbers of that region and type are
 * listed before sending; after a lost answer, a number that appeared since and fits the request
 * is the one rented.
 */
export function registerRentAny(numbers: Command, io: Io): void {
  const command = numbers
    .command('rent-any')
    .summary('rent any matching number, US LOCAL (billable; safe retries)')
    .description(
      'Rent any number that matches (POST /availableNumbers:rentAny; US LOCAL only). Billable: your numbers ' +
        'of that region and type are listed before sending, and an answer that gets lost is checked by ' +
        'listing them again (a number that appeared and fits the request) before the rent is ever sent again.',
    )
    .requiredOption('--region <code>', 'region code (rentAny serves US)')
    .requiredOption('--type <type>', 'number type (rentAny serves LOCAL)')
    .option('--pattern <digits>', 'digits the number must have, matched on the E.164 form: +1206, or 4567')
    .option('--search-pattern <where>', 'where --pattern must match: START (default), CONTAINS or END')
    .option('--capability <capability...>', 'the number must have these: SMS, VOICE');
  addConfigurationOptions(command, { unlink: false })
    .option(...RETRIES_OPTION)
    .addHelpText(
      'after',
      examples(
        [
          'rent-any --region US --type LOCAL --capability SMS VOICE --sms-service-plan my-plan',
          'rent-any --region US --type LOCAL --pattern 4567 --search-pattern END --json',
        ],
        '0 rented, 1 refused or provably not rented, 2 usage, 3 unknown (list your numbers first).',
      ),
    )
    .action(async (options: RentAnyOptions, cmd: Command) => {
      const pattern = numberPattern(options.pattern, options.searchPattern);
      const wanted = capabilities(options.capability);
      const body: RentAnyBody = {
        regionCode: regionCode(options.region),
        type: numberType(options.type),
        ...(pattern ? { numberPattern: pattern } : {}),
        ...(wanted ? { capabilities: wanted } : {}),
        ...configurationBody(options, { unlink: false }),
      };
      const retries = retriesOf(options.retries);
      const { client, out } = contextOf(io, cmd);
      const filters = { regionCode: body.regionCode, type: body.type };
      const what = `${body.regionCode} ${body.type}`;

      const before = new Set((await listAllActive(client, filters)).map((n) => n.phoneNumber));
      const outcome = await runSafely<ActiveNumber>(
        {
          what: `rent any ${what} number`,
          send: () => client.numbers('POST', '/availableNumbers:rentAny', { body }),
          async verify() {
            const appeared = (await listAllActive(client, filters)).filter(
              (n) => !before.has(n.phoneNumber) && fitsRequest(n, body),
            );
            const [only] = appeared;
            if (appeared.length === 1 && only)
              return {
                kind: 'done',
                result: only,
                found: `the rent went through: ${only.phoneNumber} is active in your project`,
              };
            if (appeared.length === 0)
              return { kind: 'not-done', found: `no new ${what} number in your project: not rented` };
            return {
              kind: 'unsettled',
              found: `${appeared.length} new ${what} numbers fit the request (${appeared.map((n) => n.phoneNumber).join(', ')}): someone else rents too`,
            };
          },
        },
        { retries, note: (line) => out.note(line) },
      );
      printBillable(out, outcome, `Rented ${outcome.result.phoneNumber}.`);
    });
}
