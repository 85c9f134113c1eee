import type { Command } from 'commander';
import { contextOf } from '../../context.js';
import type { Io } from '../../output.js';
import { importOrder } from './api.js';
import { CMD } from './format.js';
import { examples } from './help.js';
import { positiveInteger } from './importedNumbers.js';
import { type LinkFlags, linkFields, withLinkFlags } from './linkFlags.js';
import { followOrder, ORDER_DONE, printOrder } from './orders.js';
import { orderRegion, usCaNumbers } from './phoneNumbers.js';
import { type WaitFlags, waitSeconds, withWaitFlags } from './waiting.js';

/** The API's default limit of numbers per `hostingOrders:importNumbers`. */
export const BULK_IMPORT_LIMIT = 5;

/** Workflow B: several numbers imported through one hosting order. */
export function registerBulkImport(imported: Command, io: Io): void {
  examples(
    withWaitFlags(
      withLinkFlags(imported.command('bulk-import <numbers...>'), 'order')
        .summary(`import up to ${BULK_IMPORT_LIMIT} numbers through a hosting order (workflow B)`)
        .description(
          `import up to ${BULK_IMPORT_LIMIT} US or CA numbers through one hosting order (workflow B; ` +
            'POST /hostingOrders:importNumbers); --wait follows it to COMPLETED',
        )
        .option('--migrate-to-sinch-tmo', 'move their T-Mobile traffic to Sinch (migrateToSinchTmo)')
        .option('--region <US|CA>', 'for toll-free numbers only: the region of the order (default US)')
        .option(
          '--max <n>',
          `the project's import limit, if your account manager raised it (default ${BULK_IMPORT_LIMIT})`,
        ),
      ORDER_DONE,
    ),
    `${CMD} bulk-import +12025550134 +12025550135 --sms-service-plan my-plan --campaign CAMP1`,
    `${CMD} bulk-import +12025550134,+12025550135 --sms-service-plan my-plan --json --wait --wait-timeout 900`,
  ).action(async (raw: string[], options: BulkOptions, command: Command) => {
    const max = positiveInteger(options.max, '--max') ?? BULK_IMPORT_LIMIT;
    const numbers = usCaNumbers(raw, max, 'bulk-import');
    const region = orderRegion(numbers, options.region);
    const wait = waitSeconds(options);
    const ctx = contextOf(io, command);
    const order = await importOrder(ctx.client, {
      numbers: numbers.map((n) => n.phoneNumber),
      region,
      ...linkFields(options),
      migrateToSinchTmo: options.migrateToSinchTmo,
    });
    ctx.out.note(`hosting order ${order.hostingOrderId} created for ${numbers.length} numbers`);
    await printOrder(ctx, await followOrder(ctx, order, wait));
  });
}

interface BulkOptions extends LinkFlags, WaitFlags {
  migrateToSinchTmo?: boolean;
  region?: string;
  max?: string;
}
