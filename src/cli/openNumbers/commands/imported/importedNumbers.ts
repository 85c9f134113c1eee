import type { Command } from 'commander';
import type { Json } from '../../client.js';
import { contextOf } from '../../context.js';
import { ApiError, CliError, EXIT, UncertainOutcome, usageError } from '../../errors.js';
import type { Io } from '../../output.js';
import { allPages, deleteImported, findImported, getImported, importNumber, updateImported } from './api.js';
import { CMD, importedLines, importedTable } from './format.js';
import { examples } from './help.js';
import { type LinkFlags, linkFields, withLinkFlags } from './linkFlags.js';
import { orderRegion, usCaNumber } from './phoneNumbers.js';

/** Workflow A (import one number) and F (list, get, update, delete imported numbers). */
export function registerImportedNumbers(imported: Command, io: Io): void {
  examples(
    withLinkFlags(imported.command('import <number>'), 'number')
      .summary('import one number whose SMS is set up elsewhere (workflow A)')
      .description('import one US or CA number hosted elsewhere for SMS (workflow A; POST /importedNumbers)')
      .option('--migrate-to-sinch-tmo', 'move its T-Mobile traffic to Sinch (migrateToSinchTmo)')
      .option('--region <US|CA>', 'for a toll-free number: the region to import it in (default US)'),
    `${CMD} import +12025550134 --sms-service-plan my-plan --campaign CAMP1 --display-name "Main line"`,
    `${CMD} import +12025550134 --sms-service-plan my-plan --json`,
  ).action(async (raw: string, options: ImportOptions, command: Command) => {
    const number = usCaNumber(raw);
    const region = orderRegion([number], options.region);
    const { client, out } = contextOf(io, command);
    const request = {
      phoneNumber: number.phoneNumber,
      region,
      ...linkFields(options),
      migrateToSinchTmo: options.migrateToSinchTmo,
    };
    let answer: Json;
    try {
      answer = await importNumber(client, request);
    } catch (error) {
      if (error instanceof ApiError && error.httpStatus === 409)
        throw new CliError(
          `${error.message} (see it with: ${CMD} get ${number.phoneNumber})`,
          error.exitCode,
          error.details,
        );
      if (!(error instanceof UncertainOutcome)) throw error;
      // Settle it with a read before anyone imports again.
      const found = await findImported(client, number.phoneNumber);
      if (!found)
        throw new CliError(`${error.message}; a read shows nothing was imported: run it again`, EXIT.refused);
      out.note(`${error.message}; a read shows ${number.phoneNumber} was imported`);
      answer = found;
    }
    out.result(answer, () => [
      ...importedLines(answer),
      `next: the SMS platform and carriers are set up in the background; follow with ${CMD} get ${number.phoneNumber}`,
    ]);
  });

  examples(
    imported
      .command('list')
      .summary('list imported numbers')
      .description("list the project's imported numbers, every page (GET /importedNumbers)")
      .option('--region <US|CA>', 'only numbers of this region')
      .option('--sms-service-plan <id>', 'only numbers linked to this service plan')
      .option('--campaign <id>', 'only numbers linked to this campaign')
      .option(
        '--pattern <digits>',
        'only numbers matching these digits, against the whole number with its + (see --search-pattern)',
      )
      .option('--search-pattern <where>', 'where --pattern matches: START, CONTAINS or END', 'CONTAINS')
      .option('--order-by <field>', 'createdTime or updatedTime (default: by number)')
      .option('--limit <n>', 'at most this many numbers'),
    `${CMD} list`,
    `${CMD} list --region US --pattern +1202 --search-pattern START --json`,
  ).action(async (options: ListOptions, command: Command) => {
    const limit = positiveInteger(options.limit, '--limit');
    const { client, out } = contextOf(io, command);
    const { items, totalSize } = await allPages(
      client,
      '/importedNumbers',
      'importedNumbers',
      {
        regionCode: options.region?.toUpperCase(),
        servicePlanId: options.smsServicePlan,
        campaignId: options.campaign,
        'numberPattern.pattern': options.pattern,
        'numberPattern.searchPattern': options.pattern ? options.searchPattern.toUpperCase() : undefined,
        orderBy: options.orderBy,
      },
      limit,
    );
    out.result({ importedNumbers: items, totalSize }, () => importedTable(items));
  });

  examples(
    imported
      .command('get <number>')
      .summary('show an imported number')
      .description('show an imported number and how far its carrier work is (GET /importedNumbers/{number})'),
    `${CMD} get +12025550134`,
  ).action(async (raw: string, _options: unknown, command: Command) => {
    const number = usCaNumber(raw);
    const { client, out } = contextOf(io, command);
    const answer = await getImported(client, number.phoneNumber);
    out.result(answer, () => importedLines(answer));
  });

  examples(
    imported
      .command('update <number>')
      .summary('rename, relink or unlink an imported number')
      .description(
        'change the display name, callback URL, service plan or campaign (PATCH /importedNumbers/{number}); ' +
          'another plan or campaign needs unlinking first: --unlink-then-link does both requests',
      )
      .option('--display-name <text>', 'a new display name')
      .option('--callback-url <url>', 'a new callback URL ("" for none)')
      .option('--sms-service-plan <id>', 'link this service plan')
      .option('--campaign <id>', 'link this campaign')
      .option('--unlink', 'unlink the service plan and campaign (both set to "")')
      .option('--unlink-then-link', 'unlink first, then link --sms-service-plan/--campaign (two requests)'),
    `${CMD} update +12025550134 --display-name "Support line"`,
    `${CMD} update +12025550134 --sms-service-plan new-plan --campaign CAMP2 --unlink-then-link`,
    `${CMD} update +12025550134 --unlink`,
  ).action(async (raw: string, options: UpdateOptions, command: Command) => {
    const number = usCaNumber(raw);
    const link = options.smsServicePlan !== undefined || options.campaign !== undefined;
    if (options.unlink && link) throw usageError('--unlink takes no --sms-service-plan or --campaign');
    if (options.unlinkThenLink && !link)
      throw usageError('--unlink-then-link needs --sms-service-plan and/or --campaign to link');
    const body: Json = { displayName: options.displayName, callbackUrl: options.callbackUrl };
    if (options.unlink) body.smsConfiguration = { servicePlanId: '', campaignId: '' };
    else if (link && !options.unlinkThenLink)
      body.smsConfiguration = { servicePlanId: options.smsServicePlan, campaignId: options.campaign };
    if (!link && !options.unlink && options.displayName === undefined && options.callbackUrl === undefined)
      throw usageError(
        'nothing to change: give --display-name, --callback-url, --sms-service-plan, --campaign or --unlink',
      );
    const { client, out } = contextOf(io, command);
    let answer: Json;
    if (options.unlinkThenLink) {
      // The seed's rule: unlink ("") in one request, link the new values in another.
      const current = await getImported(client, number.phoneNumber);
      await updateImported(client, number.phoneNumber, {
        ...body,
        smsConfiguration: { servicePlanId: '', campaignId: '' },
      });
      out.note(`unlinked ${number.phoneNumber} from its service plan and campaign`);
      const next = {
        servicePlanId: options.smsServicePlan ?? current?.smsConfiguration?.servicePlanId,
        campaignId: options.campaign ?? current?.smsConfiguration?.campaignId,
      };
      try {
        answer = await updateImported(client, number.phoneNumber, { smsConfiguration: next });
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        throw new CliError(
          `${number.phoneNumber} is unlinked, but linking it again failed: ${error.message}`,
          error.exitCode,
          error.details,
        );
      }
    } else {
      try {
        answer = await updateImported(client, number.phoneNumber, body);
      } catch (error) {
        if (!(error instanceof ApiError && error.httpStatus === 400 && link)) throw error;
        throw new CliError(
          `${error.message} (to replace a linked plan or campaign, add --unlink-then-link)`,
          error.exitCode,
          error.details,
        );
      }
    }
    out.result(answer, () => importedLines(answer));
  });

  examples(
    imported
      .command('delete <number>')
      .summary('delete an imported number')
      .description(
        'stop hosting an imported number: Sinch unlinks and forgets it (DELETE /importedNumbers/{number})',
      ),
    `${CMD} delete +12025550134`,
  ).action(async (raw: string, _options: unknown, command: Command) => {
    const number = usCaNumber(raw);
    const { client, out } = contextOf(io, command);
    await deleteImported(client, number.phoneNumber);
    out.result({ phoneNumber: number.phoneNumber, deleted: true }, () => `deleted ${number.phoneNumber}`);
  });
}

interface ImportOptions extends LinkFlags {
  migrateToSinchTmo?: boolean;
  region?: string;
}

interface ListOptions {
  region?: string;
  smsServicePlan?: string;
  campaign?: string;
  pattern?: string;
  searchPattern: string;
  orderBy?: string;
  limit?: string;
}

interface UpdateOptions {
  displayName?: string;
  callbackUrl?: string;
  smsServicePlan?: string;
  campaign?: string;
  unlink?: boolean;
  unlinkThenLink?: boolean;
}

/** A `--limit`-like option: a positive whole number, or no limit when not given. */
export function positiveInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw usageError(`${flag} must be a positive whole number, not ${value}`);
  return n;
}
