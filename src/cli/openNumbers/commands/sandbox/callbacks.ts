import type { Command } from 'commander';
import { type CommandContext, contextOf } from '../../context.js';
import { usageError } from '../../errors.js';
import { pause, untilInterrupted } from '../../interrupt.js';
import { type Io, table } from '../../output.js';
import { sandboxRequest } from '../../sandbox.js';

/** One delivery attempt of a callback event, as `/_sandbox/callbacks` lists it. */
interface Delivery {
  attempt: number;
  time: string;
  responseStatus: number | null;
  latencyMs: number;
  error: string;
}

/** A callback event with its attempts (`GET /_sandbox/callbacks`). */
export interface CallbackEvent {
  eventId: string;
  projectId: string;
  resourceType: string;
  resourceId: string;
  eventType: string;
  status: string;
  url: string;
  deliveryState: string;
  attempts: number;
  createTime: string;
  payload: { failureCode?: string | null };
  deliveries: Delivery[];
}

interface ListOptions {
  allProjects?: boolean;
  resource?: string;
  eventType?: string;
  status?: string;
  limit?: string;
  follow?: boolean;
}

const DELIVERY_STATES = ['PENDING', 'DELIVERED', 'DEAD'];
const FOLLOW_POLL_MS = 1000;

/** What one attempt got: the receiver's status, or why there was none. */
function attemptOutcome(d: Delivery): string {
  if (d.responseStatus !== null) return String(d.responseStatus);
  return d.error.length > 40 ? `${d.error.slice(0, 39)}…` : d.error || 'no answer';
}

function outcomeOf(event: CallbackEvent): string {
  return event.payload.failureCode ? `${event.status} ${event.payload.failureCode}` : event.status;
}

function row(event: CallbackEvent) {
  return {
    time: event.createTime,
    eventId: event.eventId,
    resource: event.resourceId,
    event: event.eventType,
    status: outcomeOf(event),
    delivery: event.deliveryState,
    attempts: event.deliveries.map(attemptOutcome).join(' → '),
  };
}
const COLUMNS = ['time', 'eventId', 'resource', 'event', 'status', 'delivery', 'attempts'];

/** The attempt lines `--follow` prints for attempts it has not shown yet. */
function attemptLines(event: CallbackEvent, shown: number): string[] {
  const fresh = event.deliveries.filter((d) => d.attempt > shown).sort((a, b) => a.attempt - b.attempt);
  return fresh.map((d, i) => {
    const last = i === fresh.length - 1;
    const after = last
      ? `: ${event.deliveryState}${event.deliveryState === 'PENDING' ? ' (retry due)' : ''}`
      : '';
    return `attempt  ${event.eventId}  #${d.attempt} ${attemptOutcome(d)} (${d.latencyMs} ms)${after}`;
  });
}

function query(ctx: CommandContext, options: ListOptions) {
  const status = options.status?.toUpperCase();
  if (status && !DELIVERY_STATES.includes(status))
    throw usageError(`--status must be one of ${DELIVERY_STATES.join(', ')}, not "${options.status}"`);
  const limit = options.limit === undefined ? undefined : Number(options.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 1000))
    throw usageError(`--limit must be a whole number from 1 to 1000, not "${options.limit}"`);
  return {
    projectId: options.allProjects ? undefined : ctx.settings.projectId,
    resourceId: options.resource,
    eventType: options.eventType?.toUpperCase(),
    status,
    pageSize: limit,
  };
}

function listEvents(ctx: CommandContext, q: ReturnType<typeof query>) {
  return sandboxRequest<{ callbacks: CallbackEvent[] }>(ctx.client, 'GET', '/callbacks', { query: q });
}

/** Prints events as they appear and attempts as they are made, until Ctrl-C. */
async function follow(ctx: CommandContext, q: ReturnType<typeof query>, first: CallbackEvent[]) {
  const { io, out } = ctx;
  // Before anything is printed: a Ctrl-C that follows the first line must end us cleanly.
  const stop = untilInterrupted();
  const seen = new Map<string, string>();
  const shownAttempts = new Map<string, number>();
  const show = (event: CallbackEvent, isNew: boolean) => {
    if (out.json) {
      io.stdout.write(`${JSON.stringify(event)}\n`);
      return;
    }
    const lines = isNew
      ? [
          `new      ${event.eventId}  ${event.eventType} ${outcomeOf(event)}  ${event.resourceId}  → ${event.url}`,
        ]
      : [];
    lines.push(...attemptLines(event, shownAttempts.get(event.eventId) ?? 0));
    if (lines.length) io.stdout.write(`${lines.join('\n')}\n`);
  };
  const remember = (event: CallbackEvent) => {
    seen.set(event.eventId, `${event.deliveries.length}/${event.deliveryState}`);
    shownAttempts.set(event.eventId, Math.max(0, ...event.deliveries.map((d) => d.attempt)));
  };

  if (out.json) for (const event of first) show(event, true);
  else io.stdout.write(`${table(first.map(row), COLUMNS)}\n`);
  for (const event of first) remember(event);
  out.note('following new events and attempts (Ctrl-C to stop)');

  try {
    while (!stop.signal.aborted) {
      await pause(FOLLOW_POLL_MS, stop.signal);
      if (stop.signal.aborted) break;
      const { callbacks } = await listEvents(ctx, q);
      for (const event of callbacks.reverse()) {
        const before = seen.get(event.eventId);
        if (before === `${event.deliveries.length}/${event.deliveryState}`) continue;
        show(event, before === undefined);
        remember(event);
      }
    }
  } finally {
    stop.dispose();
  }
}

/** `sandbox callbacks [filters] [--follow]` and `sandbox callbacks redeliver <eventId>`. */
export function registerCallbacks(sandbox: Command, io: Io): void {
  const callbacks = sandbox
    .command('callbacks')
    .description(
      'the callback log: every event sent or due, with its delivery attempts, oldest first ' +
        "(GET /_sandbox/callbacks); only the configured project's unless --all-projects",
    )
    .option('--all-projects', "every project's events, not only SINCH_PROJECT_ID's (or --project's)")
    .option('--resource <id>', 'only events about this number (+1…) or order id')
    .option('--event-type <type>', 'only this eventType, e.g. PROVISIONING_TO_SMS_PLATFORM')
    .option('--status <state>', 'only events in this delivery state: PENDING, DELIVERED or DEAD')
    .option('--limit <n>', 'the latest n events (default 100, at most 1000)')
    .option('--follow', 'keep polling: print new events and attempts as they happen, until Ctrl-C')
    .addHelpText(
      'after',
      '\nExamples:\n  $ open-numbers sandbox callbacks --resource +12025550123\n' +
        '  $ open-numbers sandbox callbacks --status DEAD --json\n' +
        '  $ open-numbers sandbox callbacks --follow        # like tail -f; --json: one JSON line per change',
    )
    .action(async (options: ListOptions, command: Command) => {
      const ctx = contextOf(io, command);
      const q = query(ctx, options);
      const answer = await listEvents(ctx, q);
      const oldestFirst = [...answer.callbacks].reverse();
      if (options.follow) return follow(ctx, q, oldestFirst);
      ctx.out.result(answer, () => table(oldestFirst.map(row), COLUMNS));
    });

  callbacks
    .command('redeliver')
    .argument('<eventId>', 'the event to send again (its eventId in the log)')
    .description(
      'deliver an event again, whatever its state, dead ones too (POST /_sandbox/callbacks/{id}:redeliver)',
    )
    .addHelpText(
      'after',
      '\nExample:\n  $ open-numbers sandbox callbacks redeliver 01jq3v5x9k2m8n4p6r7s0t1u2w',
    )
    .action(async (eventId: string, _options: object, command: Command) => {
      const { client, out } = contextOf(io, command);
      const answer = await sandboxRequest<{ eventId: string; deliveryState: string }>(
        client,
        'POST',
        `/callbacks/${encodeURIComponent(eventId)}:redeliver`,
      );
      out.result(answer, () => `event ${answer.eventId}: delivery queued again (${answer.deliveryState})`);
    });
}
