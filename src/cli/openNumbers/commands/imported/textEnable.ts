import type { Command } from 'commander';
import { contextOf } from '../../context.js';
import { usageError } from '../../errors.js';
import type { Io } from '../../output.js';
import { textEnable } from './api.js';
import { CMD } from './format.js';
import { examples } from './help.js';
import { type LinkFlags, linkFields, withLinkFlags } from './linkFlags.js';
import { emailProblem, type LoaDetails, loaInfo, loaKind, parseAddress, splitName } from './loa.js';
import { followOrder, ORDER_DONE, printOrder } from './orders.js';
import { orderRegion, usCaNumbers } from './phoneNumbers.js';
import { type WaitFlags, waitSeconds, withWaitFlags } from './waiting.js';

/** Numbers per text-enable request. */
export const TEXT_ENABLE_LIMIT = 500;

/**
 * Workflow D: VERIFIED qualified numbers text-enabled through a hosting order, with the LOA of
 * who owns them; toll-free numbers go to the toll-free operation (told apart by the numbers).
 */
export function registerTextEnable(imported: Command, io: Io): void {
  examples(
    withWaitFlags(
      withLinkFlags(imported.command('text-enable <numbers...>'), 'order')
        .summary('text-enable verified numbers with an LOA (workflow D)')
        .description(
          `text-enable up to ${TEXT_ENABLE_LIMIT} VERIFIED qualified numbers (workflow D; POST /hostingOrders:textEnableNumbers, ` +
            'or :textEnableTollFreeNumbers when they are toll-free). A direct or reseller LOA is e-mailed to ' +
            'the signer (--signer-email) for e-signature; a blanket LOA is already on file: nothing to sign',
        )
        .requiredOption(
          '--loa <kind>',
          'who owns the numbers: direct (you), reseller (a business you serve), blanket (on file)',
        )
        .option('--signer-name <name>', 'direct/reseller: who signs the LOA, "Jane Doe" or "Doe, Jane"')
        .option('--signer-email <email>', 'direct/reseller: where the LOA goes for signature')
        .option(
          '--address <address>',
          'direct/reseller: "<number> <street>, <city>, <state> <postal code>[, <country>]"',
        )
        .option('--voice-carrier <name>', 'direct/reseller: the current voice carrier of the numbers')
        .option('--business-name <name>', 'reseller: the business the numbers belong to')
        .option('--nnid <id>', 'the NNID for the OSR update (default: Sinch’s)')
        .option('--osr-update-time <time>', 'not before this RFC 3339 time, e.g. 2026-01-13T14:00:00Z')
        .option('--region <US|CA>', 'for toll-free numbers only: the region of the order (default US)'),
      ORDER_DONE,
    ),
    `${CMD} text-enable +12025550140 --sms-service-plan my-plan --campaign CAMP1 --loa direct \\\n` +
      '      --signer-name "Jane Doe" --signer-email jane@example.com \\\n' +
      '      --address "2433 Vesta Drive, Chicago, IL 60647, US" --voice-carrier Verizon',
    `${CMD} text-enable +12025550140 +12025550141 --sms-service-plan my-plan --loa reseller --business-name "Acme Inc" \\\n` +
      '      --signer-name "Jane Doe" --signer-email jane@example.com --address "1 Main St, New York, NY 10001" --voice-carrier TMO',
    `${CMD} text-enable +18005550100 --sms-service-plan my-plan --loa blanket --json`,
  ).action(async (raw: string[], options: TextEnableOptions, command: Command) => {
    const numbers = usCaNumbers(raw, TEXT_ENABLE_LIMIT, 'text-enable');
    const tollFree = numbers.filter((n) => n.tollFree).length;
    if (tollFree && tollFree < numbers.length)
      throw usageError('toll-free and other numbers go in separate orders: run text-enable once for each');
    const region = orderRegion(numbers, options.region);
    const kind = loaKind(options.loa);
    const details = kind === 'blanket' ? undefined : loaDetails(kind, options, region);
    const wait = waitSeconds(options);
    const ctx = contextOf(io, command);
    if (kind === 'blanket' && (options.signerName || options.signerEmail || options.address))
      ctx.out.note('a blanket LOA is already on file: the signer and address flags are not sent');
    const order = await textEnable(ctx.client, {
      numbers: numbers.map((n) => n.phoneNumber),
      region,
      tollFree: tollFree > 0,
      ...linkFields(options),
      nnid: options.nnid,
      scheduledOsrUpdateTime: options.osrUpdateTime,
      loa: loaInfo(kind, details),
    });
    ctx.out.note(
      details
        ? `hosting order ${order.hostingOrderId} created; once Sinch has reviewed it, ${details.signer.email} gets an e-mail to sign the LOA`
        : `hosting order ${order.hostingOrderId} created (blanket LOA: nothing to sign)`,
    );
    await printOrder(ctx, await followOrder(ctx, order, wait));
  });
}

/** The LOA flags of a direct or reseller order, each checked; a usage error names what is missing. */
function loaDetails(kind: 'direct' | 'reseller', options: TextEnableOptions, region: string): LoaDetails {
  const missing = [
    ['--signer-name', options.signerName],
    ['--signer-email', options.signerEmail],
    ['--address', options.address],
    ['--voice-carrier', options.voiceCarrier],
    ...(kind === 'reseller' ? [['--business-name', options.businessName]] : []),
  ]
    .filter(([, value]) => !value?.trim())
    .map(([flag]) => flag);
  if (missing.length) throw usageError(`--loa ${kind} needs ${missing.join(', ')}`);
  const problem = emailProblem(options.signerEmail!);
  if (problem) throw usageError(`--signer-email: ${problem}`);
  return {
    businessName: options.businessName?.trim(),
    signer: { ...splitName(options.signerName!), email: options.signerEmail!.trim() },
    address: parseAddress(options.address!, region),
    currentVoiceCarrier: options.voiceCarrier!.trim(),
  };
}

interface TextEnableOptions extends LinkFlags, WaitFlags {
  loa: string;
  signerName?: string;
  signerEmail?: string;
  address?: string;
  voiceCarrier?: string;
  businessName?: string;
  nnid?: string;
  osrUpdateTime?: string;
  region?: string;
}
