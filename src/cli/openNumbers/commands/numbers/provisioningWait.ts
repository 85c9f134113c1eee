import type { Writable } from 'node:stream';
import { spinner } from '@clack/prompts';
import type { ApiClient } from '../../client.js';
import { ApiError, CliError, EXIT } from '../../errors.js';
import type { Io, Output } from '../../output.js';
import { type ActiveNumber, PENDING } from './activeNumber.js';
import { getActive } from './reads.js';

export interface Channels {
  sms: boolean;
  voice: boolean;
}

export interface WaitOptions {
  io: Io;
  out: Output;
  timeoutMs: number;
  intervalMs: number;
}

/** The status of a change still on its way on one of `channels`, or undefined when none is. */
export function pendingStatus(n: ActiveNumber, channels: Channels): string | undefined {
  const sms = n.smsConfiguration?.scheduledProvisioning;
  const voice = n.voiceConfiguration?.scheduledVoiceProvisioning;
  const parts: string[] = [];
  if (channels.sms && sms && PENDING.has(sms.status)) parts.push(`SMS ${sms.status}`);
  if (channels.voice && voice && PENDING.has(voice.status)) parts.push(`voice ${voice.status}`);
  return parts.length ? parts.join(', ') : undefined;
}

/** What failed on `channels`: `SMS FAILED (SMS_PROVISIONING_FAILED)`, or undefined. */
export function failedStatus(n: ActiveNumber, channels: Channels): string | undefined {
  const sms = n.smsConfiguration?.scheduledProvisioning;
  const voice = n.voiceConfiguration?.scheduledVoiceProvisioning;
  const parts: string[] = [];
  if (channels.sms && sms?.status === 'FAILED')
    parts.push(`SMS FAILED${sms.errorCodes?.length ? ` (${sms.errorCodes.join(', ')})` : ''}`);
  if (channels.voice && voice?.status === 'FAILED') parts.push('voice FAILED');
  return parts.length ? parts.join(', ') : undefined;
}

/** A spinner on stderr when it is a terminal; otherwise one note per status change. */
function statusLine(io: Io, out: Output, first: string) {
  if (io.stderr.isTTY) {
    const s = spinner({ output: io.stderr as unknown as Writable, withGuide: false });
    s.start(first);
    return { show: (text: string) => s.message(text), stop: (text: string) => s.stop(text) };
  }
  let last = '';
  const show = (text: string) => {
    if (text !== last) out.note(text);
    last = text;
  };
  show(first);
  return { show, stop: (text: string) => out.note(text) };
}

/**
 * Polls GET /activeNumbers/{n} until no change on `channels` is WAITING or IN_PROGRESS (done or
 * FAILED: the caller decides), at most `timeoutMs`. Provisioning is asynchronous (seed 002:
 * scheduledProvisioning); running out of time is exit 3 with the state seen, and the command can
 * be run again to go on.
 */
export async function waitForProvisioning(
  client: ApiClient,
  number: string,
  channels: Channels,
  what: string,
  { io, out, timeoutMs, intervalMs }: WaitOptions,
): Promise<ActiveNumber> {
  const started = Date.now();
  const line = statusLine(io, out, `waiting for ${what} of ${number}`);
  /** The last state seen: what is pending, or why the last read failed. */
  let state = 'not read yet';
  for (;;) {
    try {
      const current = await getActive(client, number);
      const pending = pendingStatus(current, channels);
      if (!pending) {
        const elapsed = Math.round((Date.now() - started) / 1000);
        line.stop(`${what} of ${number}: ${failedStatus(current, channels) ?? 'done'} (${elapsed} s)`);
        return current;
      }
      state = pending;
    } catch (error) {
      // A refusal ends the wait; a read that failed on the way is tried again at the next poll.
      if (error instanceof ApiError) {
        line.stop(`stopped waiting for ${what}`);
        throw error;
      }
      state = `read failed: ${(error as Error).message}`;
    }
    if (Date.now() - started >= timeoutMs) {
      line.stop(`gave up waiting for ${what} of ${number}`);
      throw new CliError(
        `${what} of ${number} is not done after ${timeoutMs / 1000} s (${state}); run the same command again to go on from there`,
        EXIT.uncertain,
        { phoneNumber: number, state },
      );
    }
    line.show(`waiting for ${what} of ${number}: ${state} (${Math.round((Date.now() - started) / 1000)} s)`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
