import type { Command } from 'commander';
import type { Json } from '../../client.js';
import { contextOf } from '../../context.js';
import { CliError, EXIT, usageError } from '../../errors.js';
import type { Io } from '../../output.js';
import {
  addNumbers,
  allPages,
  deleteQualified,
  getQualified,
  QUALIFIED_STATES,
  qualifiedState,
  STATE_PREFIX,
  sendVoiceChallenge,
  verifyVoiceChallenge,
} from './api.js';
import { CMD, qualifiedLines, qualifiedTable } from './format.js';
import { examples } from './help.js';
import { positiveInteger } from './importedNumbers.js';
import { usCaNumber, usCaNumbers } from './phoneNumbers.js';
import { progressOn, type WaitFlags, waitForDecision, waitSeconds, withWaitFlags } from './waiting.js';

/** Numbers per qualification request. */
export const QUALIFY_LIMIT = 100;

/** What to do after asking for qualification: the seed's reminder, word for word where it counts. */
export const INVOICE_REMINDER =
  'Email invoices for these numbers to orders@sinch.com — qualification won’t proceed without them (review: 1–3 business days).';

/** The seed's rule for codes: the call says it, the owner types it; three wrong ones block the number. */
const CODE = /^\d{4,8}$/;

/** Workflow C (qualify, voice challenge) and the qualified part of F (list, get, delete). */
export function registerQualification(imported: Command, io: Io): void {
  examples(
    withWaitFlags(
      imported.command('qualify <numbers...>'),
      'the invoice review decides (ELIGIBLE or NOT_ELIGIBLE)',
    )
      .summary('ask Sinch to qualify numbers for text-enablement (workflow C)')
      .description(
        `ask Sinch to qualify up to ${QUALIFY_LIMIT} numbers for text-enablement (workflow C; POST /qualifiedNumbers:addNumbers); ` +
          'then e-mail their invoices to orders@sinch.com, and prove ownership with a voice call (challenge, verify)',
      ),
    `${CMD} qualify +12025550134 +12025550135`,
    `${CMD} qualify +12025550134 --wait --wait-timeout 120 --json`,
  ).action(async (raw: string[], options: WaitFlags, command: Command) => {
    const numbers = usCaNumbers(raw, QUALIFY_LIMIT, 'qualify').map((n) => n.phoneNumber);
    const wait = waitSeconds(options);
    const { client, out, io: cio, settings } = contextOf(io, command);
    const answer = await addNumbers(client, numbers);
    out.note(INVOICE_REMINDER);
    let records: Json[] = answer?.qualifiedNumbers ?? [];
    if (wait !== undefined) {
      const progress = progressOn(cio, settings.json);
      const { value, settled } = await waitForDecision(
        client,
        numbers,
        (now) => {
          const pending = now.filter((r) => qualifiedState(r) === 'ELIGIBLE_CHECK_PENDING').length;
          progress.update(`waiting for the invoice review: ${pending} of ${numbers.length} pending`);
        },
        { timeoutSeconds: wait, signal: progress.signal },
      );
      progress.stop(settled ? 'the invoice review has decided' : 'still under review');
      records = value;
    }
    out.result({ qualifiedNumbers: records }, () => qualifiedTable(records));
  });

  examples(
    imported
      .command('challenge <number>')
      .summary('have Sinch call the number with a code')
      .description(
        'prove you own an ELIGIBLE number: Sinch calls it and a voice says a code (POST …:sendVoiceChallenge); ' +
          'then type the code with verify',
      ),
    `${CMD} challenge +12025550134`,
  ).action(async (raw: string, _options: unknown, command: Command) => {
    const number = usCaNumber(raw).phoneNumber;
    const { client, out } = contextOf(io, command);
    const answer = await sendVoiceChallenge(client, number);
    out.result(answer, () => [
      `calling ${number} now: a voice says the code`,
      `next: ${CMD} verify ${number} --code <the code>`,
    ]);
  });

  examples(
    imported
      .command('verify <number>')
      .summary('type the code the call said')
      .description(
        'type the code the voice call said (POST …:verifyVoiceChallenge); exit 1 if it is wrong ' +
          '(the third wrong code blocks the number for good)',
      )
      .requiredOption('--code <digits>', 'the code the call said'),
    `${CMD} verify +12025550134 --code 123456`,
  ).action(async (raw: string, options: { code: string }, command: Command) => {
    const number = usCaNumber(raw).phoneNumber;
    const code = options.code.trim();
    if (!CODE.test(code)) throw usageError(`--code must be the digits the call said, not "${options.code}"`);
    const { client, out } = contextOf(io, command);
    const answer = await verifyVoiceChallenge(client, number, code);
    const state = qualifiedState(answer);
    if (state === 'VERIFICATION_FAILED')
      throw new CliError(
        `wrong code for ${number}: try again, or call again with ${CMD} challenge ${number} (the third wrong code blocks the number)`,
        EXIT.refused,
        { qualifiedNumber: answer },
      );
    if (state === 'VERIFICATION_BLOCKED')
      throw new CliError(
        `${number} is blocked after three wrong codes: only Sinch can lift it`,
        EXIT.refused,
        { qualifiedNumber: answer },
      );
    out.result(answer, () => qualifiedLines(answer));
  });

  const qualified = imported
    .command('qualified')
    .summary('list, get or delete qualified numbers')
    .description('numbers on their way to text-enablement: list, get, delete (/qualifiedNumbers)');

  examples(
    qualified
      .command('list')
      .summary('list qualified numbers')
      .description('list qualified numbers in some states, every page (GET /qualifiedNumbers)')
      .option('--state <states...>', `${QUALIFIED_STATES.join(', ')} (default: all)`)
      .option('--region <US|CA>', 'only numbers of this region')
      .option('--limit <n>', 'at most this many numbers'),
    `${CMD} qualified list`,
    `${CMD} qualified list --state ELIGIBLE VERIFIED --json`,
  ).action(async (options: { state?: string[]; region?: string; limit?: string }, command: Command) => {
    const states = (options.state ?? [...QUALIFIED_STATES])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim().toUpperCase().replace(STATE_PREFIX, ''));
    for (const state of states)
      if (!(QUALIFIED_STATES as readonly string[]).includes(state))
        throw usageError(`--state ${state} is not one of ${QUALIFIED_STATES.join(', ')}`);
    const limit = positiveInteger(options.limit, '--limit');
    const { client, out } = contextOf(io, command);
    const { items, totalSize } = await allPages(
      client,
      '/qualifiedNumbers',
      'qualifiedNumbers',
      { states: states.map((s) => `${STATE_PREFIX}${s}`), regionCode: options.region?.toUpperCase() },
      limit,
    );
    out.result({ qualifiedNumbers: items, totalSize }, () => qualifiedTable(items));
  });

  examples(
    qualified
      .command('get <number>')
      .summary('show a qualified number and its next step')
      .description('show where a number is: invoice review, voice call, hosting; and what to do next'),
    `${CMD} qualified get +12025550134`,
  ).action(async (raw: string, _options: unknown, command: Command) => {
    const number = usCaNumber(raw).phoneNumber;
    const { client, out } = contextOf(io, command);
    const answer = await getQualified(client, number);
    out.result(answer, () => qualifiedLines(answer));
  });

  examples(
    qualified
      .command('delete <number>')
      .summary('withdraw a number from qualification')
      .description('withdraw a number from qualification (DELETE /qualifiedNumbers/{number})'),
    `${CMD} qualified delete +12025550134`,
  ).action(async (raw: string, _options: unknown, command: Command) => {
    const number = usCaNumber(raw).phoneNumber;
    const { client, out } = contextOf(io, command);
    await deleteQualified(client, number);
    out.result({ phoneNumber: number, deleted: true }, () => `withdrew ${number} from qualification`);
  });
}
