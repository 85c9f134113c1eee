import type { Command } from 'commander';
import { type CommandContext, contextOf } from '../context.js';
import { usageError } from '../errors.js';
import { aborted, untilInterrupted } from '../interrupt.js';
import type { Io } from '../output.js';
import { startListener } from '../webhooks/listener.js';
import { describeReceived, jsonReceived } from '../webhooks/present.js';

interface ListenOptions {
  port: string;
  host: string;
  secret?: string[];
  projectSecrets?: boolean;
  forward?: string;
}

/** The variables a secret may come from when no --secret is given (comma-separated for several). */
const SECRET_VARIABLES = ['SINCH_CALLBACK_SECRET', 'OPEN_NUMBERS_CALLBACK_SECRET'];

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function portOf(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw usageError(`--port must be a port number from 0 (any free one) to 65535, not "${value}"`);
  return port;
}

function forwardUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(`--forward is not a URL: ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw usageError(`--forward must be http(s): ${value}`);
  return value;
}

/** The secrets to check with: --secret flags (else the variables), plus the project's own when asked. */
async function secretsOf(ctx: CommandContext, options: ListenOptions): Promise<string[]> {
  const secrets = options.secret?.length
    ? [...options.secret]
    : SECRET_VARIABLES.flatMap((name) => (ctx.io.env[name] ?? '').split(','));
  if (options.projectSecrets) {
    // Each API signs with its own callback configuration's secret.
    for (const api of ['numbers', 'imported'] as const) {
      const config = await ctx.client.json<{ hmacSecret?: string }>(api, 'GET', '/callbackConfiguration');
      if (config?.hmacSecret) secrets.push(config.hmacSecret);
    }
  }
  return [...new Set(secrets.map((s) => s.trim()).filter(Boolean))];
}

/** `webhooks listen`: a local callback receiver that checks signatures and shows each event. */
export function registerWebhooks(program: Command, io: Io): void {
  const webhooks = program
    .command('webhooks')
    .description('receive and inspect the callbacks (webhooks) the Numbers and Imported Numbers APIs send');

  webhooks
    .command('listen')
    .description(
      'a local receiver: give its URL as callbackUrl; it checks X-Sinch-Signature (HMAC-SHA1 of the raw body), ' +
        'answers 200 (401 to a bad or missing signature, so the server retries), shows each event, and can ' +
        'forward it as received to your own receiver. Runs until Ctrl-C.',
    )
    .option('--port <port>', 'port to listen on (0: any free one)', '3000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option(
      '--secret <hmacSecret>',
      "a callback secret to check with; repeat it for both APIs' secrets (default: $SINCH_CALLBACK_SECRET or " +
        '$OPEN_NUMBERS_CALLBACK_SECRET, comma-separated); without any, signatures are not checked',
      collect,
    )
    .option(
      '--project-secrets',
      "also check with the project's own secrets (GET /callbackConfiguration of both APIs)",
    )
    .option('--forward <url>', 'POST every request on to this URL, body and signature as received')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  $ open-numbers webhooks listen --port 3000 --secret my-numbers-callback-secret-0123456789\n' +
        '  $ open-numbers webhooks listen --project-secrets --forward http://127.0.0.1:4000/hooks\n' +
        '  $ open-numbers webhooks listen --json | jq .event.eventType      # one JSON line per request',
    )
    .action(async (options: ListenOptions, command: Command) => {
      const port = portOf(options.port);
      const forward = forwardUrl(options.forward);
      const ctx = contextOf(io, command);
      const secrets = await secretsOf(ctx, options);
      let count = 0;
      const listener = await startListener({
        host: options.host,
        port,
        secrets,
        forward,
        onReceived(received) {
          count += 1;
          io.stdout.write(`${ctx.out.json ? jsonReceived(received) : describeReceived(received)}\n`);
        },
      });
      const stop = untilInterrupted();
      const { out } = ctx;
      out.note(`listening on ${listener.url} — give it as callbackUrl`);
      out.note(
        secrets.length
          ? `checking X-Sinch-Signature with ${secrets.length} secret${secrets.length > 1 ? 's' : ''}; a bad or missing one is answered 401 (the server retries)`
          : 'no secret (--secret, $SINCH_CALLBACK_SECRET or --project-secrets): signatures are not checked',
      );
      if (forward) out.note(`forwarding every request to ${forward}`);
      out.note('Ctrl-C to stop');
      try {
        await aborted(stop.signal);
      } finally {
        stop.dispose();
        await listener.close();
      }
      out.note(`stopped after ${count} request${count === 1 ? '' : 's'}`);
    });
}
