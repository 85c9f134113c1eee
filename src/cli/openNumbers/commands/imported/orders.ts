import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Json } from '../../client.js';
import { type CommandContext, contextOf } from '../../context.js';
import { usageError } from '../../errors.js';
import type { Io } from '../../output.js';
import { allPages, getOrder, getOrderReport, ORDER_STATES } from './api.js';
import { CMD, orderLines, orderNumbersTable, ordersTable, reportText } from './format.js';
import { examples } from './help.js';
import { positiveInteger } from './importedNumbers.js';
import { progressOn, type WaitFlags, waitForOrder, waitSeconds, withWaitFlags } from './waiting.js';

/** What `--wait` waits for on an order. */
export const ORDER_DONE = 'the order is COMPLETED or REJECTED';

/** Workflow E: a hosting order's status, report, numbers, the list of orders, and its LOA. */
export function registerOrders(imported: Command, io: Io): void {
  const order = imported
    .command('order')
    .summary('hosting orders: status, report, numbers, list, loa (workflow E)')
    .description('hosting orders (bulk imports and text-enables): status, report, numbers, list, LOA');

  examples(
    withWaitFlags(order.command('status <hostingOrderId>'), ORDER_DONE)
      .alias('get')
      .summary('show an order and what happens next')
      .description('show an order, its progress and what happens next (GET /hostingOrders/{id} and /report)'),
    `${CMD} order status 01ARZ3NDEKTSV4RRFFQ69G5FAV`,
    `${CMD} order status 01ARZ3NDEKTSV4RRFFQ69G5FAV --wait --wait-timeout 600 --json`,
  ).action(async (id: string, options: WaitFlags, command: Command) => {
    const wait = waitSeconds(options);
    const ctx = contextOf(io, command);
    await printOrder(ctx, await followOrder(ctx, await getOrder(ctx.client, id), wait));
  });

  examples(
    order
      .command('report <hostingOrderId>')
      .summary("count the order's numbers per step")
      .description('count how many numbers passed each step (GET /hostingOrders/{id}/report)'),
    `${CMD} order report 01ARZ3NDEKTSV4RRFFQ69G5FAV`,
  ).action(async (id: string, _options: unknown, command: Command) => {
    const { client, out } = contextOf(io, command);
    const report = await getOrderReport(client, id);
    out.result(report, () => reportText(report));
  });

  examples(
    order
      .command('numbers <hostingOrderId>')
      .summary("the order's numbers and their steps")
      .description('each number of an order and its steps: OSR update, SMS platform, campaign, carriers')
      .option('--osr-state <state>', 'only numbers whose OSR update is DONE, FAILED, IN_PROGRESS or WAITING')
      .option('--sms-state <state>', 'only numbers whose SMS platform step is in this state')
      .option('--campaign-state <state>', 'only numbers whose campaign step is in this state'),
    `${CMD} order numbers 01ARZ3NDEKTSV4RRFFQ69G5FAV`,
    `${CMD} order numbers 01ARZ3NDEKTSV4RRFFQ69G5FAV --osr-state FAILED --json`,
  ).action(async (id: string, options: NumbersOptions, command: Command) => {
    const { client, out } = contextOf(io, command);
    const { items, totalSize } = await allPages(
      client,
      `/hostingOrders/${encodeURIComponent(id)}/numbers`,
      'numbers',
      {
        osrUpdateState: options.osrState?.toUpperCase(),
        platformProvisioningState: options.smsState?.toUpperCase(),
        campaignProvisioningState: options.campaignState?.toUpperCase(),
      },
    );
    out.result({ numbers: items, totalSize }, () => orderNumbersTable(items));
  });

  examples(
    order
      .command('list')
      .summary('list hosting orders')
      .description(
        "list the project's hosting orders (GET /hostingOrders). The API requires all four filters; " +
          'left out, they match anything (against Sinch, give --sms-service-plan and --campaign)',
      )
      .option('--state <states...>', `order states: ${ORDER_STATES.join(', ')} (default: any)`)
      .option('--type <type>', 'import or text-enable (default: any)')
      .option('--sms-service-plan <id>', 'orders of this service plan (default: any)', '*')
      .option('--campaign <id>', 'orders of this campaign (default: any)', '*')
      .option('--region <US|CA>', 'orders of this region')
      .option('--limit <n>', 'at most this many orders'),
    `${CMD} order list`,
    `${CMD} order list --state SUBMITTED IN_PROGRESS --type import --sms-service-plan my-plan --json`,
  ).action(async (options: ListOptions, command: Command) => {
    const states = (options.state ?? []).flatMap((s) => s.split(',')).map((s) => s.trim().toUpperCase());
    for (const state of states)
      if (!(ORDER_STATES as readonly string[]).includes(state))
        throw usageError(`--state ${state} is not one of ${ORDER_STATES.join(', ')}`);
    const limit = positiveInteger(options.limit, '--limit');
    const { client, out } = contextOf(io, command);
    const { items, totalSize } = await allPages(
      client,
      '/hostingOrders',
      'hostingOrders',
      {
        states: states.length ? states : ['HOSTING_ORDER_STATE_UNSPECIFIED'],
        type: orderType(options.type),
        servicePlanId: options.smsServicePlan,
        campaignId: options.campaign,
        regionCode: options.region?.toUpperCase(),
      },
      limit,
    );
    out.result({ hostingOrders: items, totalSize }, () => ordersTable(items));
  });

  examples(
    order
      .command('loa <hostingOrderId>')
      .summary('save the LOA PDF')
      .description('save the Letter of Authorization of a text-enable order as a PDF (signed once signed)')
      .requiredOption('-o, --output <file>', 'where to write the PDF'),
    `${CMD} order loa 01ARZ3NDEKTSV4RRFFQ69G5FAV --output loa.pdf`,
  ).action(async (id: string, options: { output: string }, command: Command) => {
    const { client, out } = contextOf(io, command);
    const response = await client.send('imported', 'GET', `/hostingOrders/${encodeURIComponent(id)}/loa`);
    const file = resolve(io.cwd, options.output);
    try {
      writeFileSync(file, response.bytes);
    } catch (error) {
      throw usageError(`cannot write ${options.output}: ${(error as NodeJS.ErrnoException).code ?? error}`);
    }
    const signed = response.headers.get('x-loa-signed') === 'true';
    out.result(
      { hostingOrderId: id, file, bytes: response.bytes.length, signed },
      () =>
        `wrote ${options.output} (${response.bytes.length} bytes, ${signed ? 'signed' : 'not signed yet'})`,
    );
  });
}

function orderType(value: string | undefined): string {
  if (value === undefined) return 'HOSTING_ORDER_TYPE_UNSPECIFIED';
  const type = value.toLowerCase().replace(/_/g, '-');
  if (type === 'import') return 'IMPORT';
  if (type === 'text-enable' || type === 'type-text-enable') return 'TYPE_TEXT_ENABLE';
  throw usageError(`--type must be import or text-enable, not ${value}`);
}

/** With `--wait`: the order read again until it ends (or the time is up), each state change shown. */
export async function followOrder(ctx: CommandContext, order: Json, wait: number | undefined): Promise<Json> {
  if (wait === undefined) return order;
  const id = order.hostingOrderId;
  const progress = progressOn(ctx.io, ctx.settings.json);
  const { value, settled } = await waitForOrder(
    ctx.client,
    id,
    (o) => {
      const signer = o.textEnableInfo?.authorisedPerson?.email;
      const waiting =
        o.state === 'WAITING_FOR_LOA_SIGNATURE' && signer ? ` (waiting for ${signer} to sign the LOA)` : '';
      progress.update(`order ${id}: ${o.state}${waiting}`);
    },
    { timeoutSeconds: wait, signal: progress.signal },
  );
  progress.stop(settled ? `order ${id}: ${value.state}` : `order ${id}: still ${value.state}`);
  return value;
}

/** The order as the result: JSON as the API has it; for a person with its report and next step. */
export async function printOrder(ctx: CommandContext, order: Json): Promise<void> {
  const report = ctx.settings.json ? undefined : await getOrderReport(ctx.client, order.hostingOrderId);
  ctx.out.result(order, () => orderLines(order, report));
}

interface NumbersOptions {
  osrState?: string;
  smsState?: string;
  campaignState?: string;
}

interface ListOptions {
  state?: string[];
  type?: string;
  smsServicePlan: string;
  campaign: string;
  region?: string;
  limit?: string;
}
