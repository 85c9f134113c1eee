import type { Command } from 'commander';
import { contextOf } from '../../context.js';
import { usageError } from '../../errors.js';
import { numberType, regionCode } from '../../order/requirements.js';
import { numberLine, searchNumbers } from '../../order/search.js';
import type { Io } from '../../output.js';
import { table } from '../../output.js';

/** `order search --region AU --type MOBILE [--pattern +6141]`: step 2, numbers to pick from. */
export function registerOrderSearch(order: Command, io: Io): void {
  order
    .command('search')
    .summary('step 2: numbers for sale to pick from')
    .description('step 2: numbers for sale to pick one from (GET /availableNumbers)')
    .requiredOption('--region <code>', 'region code, e.g. AU')
    .requiredOption('--type <type>', 'MOBILE, LOCAL or TOLL_FREE')
    .option('--pattern <digits>', 'digits the number starts with (or contains/ends with: --search-pattern)')
    .option('--search-pattern <where>', 'START (default), CONTAINS or END')
    .option('--capability <capability...>', 'SMS and/or VOICE')
    .option('--size <n>', 'at most this many numbers (default 10)', '10')
    .addHelpText(
      'after',
      `
Examples:
  open-numbers order search --region AU --type MOBILE --pattern +61411
  open-numbers order search --region DE --type LOCAL --json | jq -r '.availableNumbers[0].phoneNumber'`,
    )
    .action(
      async (
        options: {
          region: string;
          type: string;
          pattern?: string;
          searchPattern?: string;
          capability?: string[];
          size: string;
        },
        command: Command,
      ) => {
        const { client, out } = contextOf(io, command);
        const size = Number(options.size);
        if (!Number.isInteger(size) || size < 1)
          throw usageError(`--size must be a positive whole number, not "${options.size}"`);
        const found = await searchNumbers(client, {
          regionCode: regionCode(options.region),
          numberType: numberType(options.type),
          pattern: options.pattern,
          searchPattern: options.searchPattern?.toUpperCase(),
          capabilities: options.capability?.map((c) => c.toUpperCase()),
          size,
        });
        out.result({ availableNumbers: found }, () =>
          found.length
            ? table(found.map(numberLine), ['phoneNumber', 'capabilities', 'price'])
            : 'No numbers for sale match; try another --pattern, or none.',
        );
      },
    );
}
