import type { Command } from 'commander';
import { contextOf } from '../../context.js';
import { usageError } from '../../errors.js';
import type { Io } from '../../output.js';
import { table } from '../../output.js';
import { type ActiveNumber, listRow } from './activeNumber.js';
import { examples } from './help.js';
import { capabilities, integer, numberPattern, numberType, regionCode } from './inputs.js';

interface ListOptions {
  region?: string;
  type?: string;
  capability?: string[];
  pattern?: string;
  searchPattern?: string;
  orderBy?: string;
  pageSize?: string;
  pageToken?: string;
}

/** `--order-by`: phoneNumber or displayName, also written PHONE_NUMBER or display-name. */
function orderBy(input: string | undefined): string | undefined {
  if (input === undefined) return undefined;
  const field = { PHONENUMBER: 'phoneNumber', DISPLAYNAME: 'displayName' }[
    input.replace(/[-_]/g, '').toUpperCase()
  ];
  if (!field) throw usageError(`--order-by must be phoneNumber or displayName, not "${input}"`);
  return field;
}

/** `numbers list`: one page of GET /activeNumbers as a table (all pages: `numbers export`). */
export function registerList(numbers: Command, io: Io): void {
  numbers
    .command('list')
    .summary('one page of your numbers, as a table')
    .description(
      'One page of your active numbers (GET /activeNumbers) as a table; every page: numbers export.',
    )
    .option('--region <code>', 'only numbers of this region')
    .option('--type <type>', 'only numbers of this type: MOBILE, LOCAL or TOLL_FREE')
    .option('--capability <capability...>', 'only numbers with these: SMS, VOICE')
    .option('--pattern <digits>', 'digits to look for in the E.164 form')
    .option('--search-pattern <where>', 'START (default), CONTAINS or END')
    .option('--order-by <field>', 'phoneNumber (default) or displayName')
    .option('--page-size <n>', 'numbers on the page (default 20)')
    .option('--page-token <token>', 'the next page, as the previous page printed it')
    .addHelpText(
      'after',
      examples([
        'list --region US --type LOCAL',
        'list --page-size 50 --json | jq -r ".activeNumbers[].phoneNumber"',
      ]),
    )
    .action(async (options: ListOptions, cmd: Command) => {
      const pattern = numberPattern(options.pattern, options.searchPattern);
      const query = {
        regionCode: options.region === undefined ? undefined : regionCode(options.region),
        type: options.type === undefined ? undefined : numberType(options.type),
        capability: capabilities(options.capability),
        'numberPattern.pattern': pattern?.pattern,
        'numberPattern.searchPattern': pattern?.searchPattern,
        orderBy: orderBy(options.orderBy),
        pageSize: integer(options.pageSize, '--page-size', 20, 1, 1000),
        pageToken: options.pageToken,
      };
      const { client, out } = contextOf(io, cmd);
      const answer = await client.numbers('GET', '/activeNumbers', { query });
      const page: ActiveNumber[] = answer?.activeNumbers ?? [];
      out.result(answer, () => {
        const lines = [
          table(page.map(listRow), [
            'number',
            'region',
            'type',
            'capability',
            'name',
            'sms',
            'voice',
            'expires',
          ]),
        ];
        const total = answer?.totalSize ?? page.length;
        if (answer?.nextPageToken)
          lines.push(
            `${page.length} of ${total}; next page: open-numbers numbers list --page-token ${answer.nextPageToken} (with the same filters)`,
          );
        else if (page.length) lines.push(`${total} number${total === 1 ? '' : 's'}`);
        return lines;
      });
    });
}
