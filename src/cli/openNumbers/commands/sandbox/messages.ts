import type { Command } from 'commander';
import { parsePhoneNumberWithError } from 'libphonenumber-js';
import { contextOf } from '../../context.js';
import { usageError } from '../../errors.js';
import { type Io, table } from '../../output.js';
import { sandboxRequest } from '../../sandbox.js';

/** A number in E.164 (`+` and digits), checked before anything is sent. */
function e164(value: string, flag: string): string {
  const compact = value.replace(/[\s().-]/g, '');
  if (!compact.startsWith('+'))
    throw usageError(
      `${flag} must be in E.164 with its + and country code, e.g. +12025550134, not "${value}"`,
    );
  let possible = false;
  try {
    possible = parsePhoneNumberWithError(compact).isPossible();
  } catch {
    // reported below
  }
  if (!possible) throw usageError(`${flag} is not a possible phone number: "${value}"`);
  return compact;
}

interface Email {
  to: string;
  subject: string;
  links: string[];
  state: string;
  createdTime: string;
}

interface VoiceCall {
  phoneNumber: string;
  code: string;
  createTime: string;
  expireTime: string;
}

/** `sandbox emails` and `sandbox voice-calls`: what the server "sent" to people, newest first. */
export function registerMessages(sandbox: Command, io: Io): void {
  sandbox
    .command('emails')
    .description('the mail the server sent (LOA signing links), newest first (GET /_sandbox/emails)')
    .option('--to <address>', 'only mail to this address')
    .addHelpText('after', '\nExample:\n  $ open-numbers sandbox emails --to jane@example.com')
    .action(async (options: { to?: string }, command: Command) => {
      const { client, out } = contextOf(io, command);
      const answer = await sandboxRequest<{ emails: Email[] }>(client, 'GET', '/emails', {
        query: { to: options.to },
      });
      out.result(answer, () =>
        table(
          answer.emails.map((m) => ({
            time: m.createdTime,
            to: m.to,
            subject: m.subject,
            state: m.state,
            links: m.links.join(' '),
          })),
          ['time', 'to', 'subject', 'state', 'links'],
        ),
      );
    });

  sandbox
    .command('voice-calls')
    .description(
      'the voice challenge calls made to a number, newest first, with the code each said ' +
        '(GET /_sandbox/voiceCalls)',
    )
    .requiredOption('--number <e164>', 'the number called, e.g. +12025550134')
    .addHelpText('after', '\nExample:\n  $ open-numbers sandbox voice-calls --number +12025550134')
    .action(async (options: { number: string }, command: Command) => {
      const phoneNumber = e164(options.number, '--number');
      const { client, out } = contextOf(io, command);
      const answer = await sandboxRequest<{ voiceCalls: VoiceCall[] }>(client, 'GET', '/voiceCalls', {
        query: { phoneNumber },
      });
      out.result(answer, () =>
        table(
          answer.voiceCalls.map((c) => ({
            time: c.createTime,
            number: c.phoneNumber,
            code: c.code,
            expires: c.expireTime,
          })),
          ['time', 'number', 'code', 'expires'],
        ),
      );
    });
}
