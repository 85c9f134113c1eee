import { Writable } from 'node:stream';
import { spinner } from '@clack/prompts';
import type { Command } from 'commander';
import type { ApiClient, Json } from '../../client.js';
import { usageError } from '../../errors.js';
import type { Io } from '../../output.js';
import { findQualified, getOrder, orderFinished, qualifiedState } from './api.js';

/**
 * Waiting for the server's background work (an order's steps, the invoice review) by reading it
 * again and again: every 1, 2, 3, then 5 seconds, until it settles, `timeoutSeconds` pass or
 * `signal` aborts (Ctrl-C under a spinner). Only reads: stopping the wait changes nothing.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  settled: (value: T) => boolean,
  onRead: (value: T) => void,
  { timeoutSeconds = Number.POSITIVE_INFINITY, signal }: WaitLimits = {},
): Promise<{ value: T; settled: boolean }> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const pauses = [1000, 2000, 3000];
  for (let attempt = 0; ; attempt++) {
    const value = await read();
    onRead(value);
    if (settled(value)) return { value, settled: true };
    const pause = pauses[attempt] ?? 5000;
    if (Date.now() + pause > deadline || signal?.aborted) return { value, settled: false };
    await sleep(pause, signal);
    if (signal?.aborted) return { value, settled: false };
  }
}

export interface WaitLimits {
  timeoutSeconds?: number;
  signal?: AbortSignal;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done);
  });
}

/** A hosting order read until it is COMPLETED or REJECTED; `onState` hears each new state. */
export function waitForOrder(
  client: ApiClient,
  id: string,
  onState: (order: Json) => void,
  limits?: WaitLimits,
): Promise<{ value: Json; settled: boolean }> {
  let last = '';
  return pollUntil(
    () => getOrder(client, id),
    orderFinished,
    (order) => {
      if (order?.state !== last) onState(order);
      last = order?.state;
    },
    limits,
  );
}

/** Qualified numbers read until none waits for the invoice review (ELIGIBLE_CHECK_PENDING). */
export function waitForDecision(
  client: ApiClient,
  phoneNumbers: readonly string[],
  onRead: (records: Json[]) => void,
  limits?: WaitLimits,
): Promise<{ value: Json[]; settled: boolean }> {
  return pollUntil(
    async () => Promise.all(phoneNumbers.map((n) => findQualified(client, n))),
    (records) => records.every((r) => r && qualifiedState(r) !== 'ELIGIBLE_CHECK_PENDING'),
    onRead,
    limits,
  );
}

/** What a command shows while it waits: a spinner on a terminal, else one line per change. */
export interface Progress {
  update(text: string): void;
  stop(text: string): void;
  /** Aborted when the person presses Ctrl-C under the spinner: the wait ends, nothing else. */
  signal: AbortSignal;
}

/** A spinner on `stream` when it is a terminal (and the output is not JSON), else note lines. */
export function progressOn(io: Io, json: boolean): Progress {
  const stream = io.stderr;
  const stopped = new AbortController();
  if (!json && stream.isTTY && stream instanceof Writable) {
    const spin = spinner({
      output: stream,
      withGuide: false,
      cancelMessage: 'stopped waiting (the server goes on)',
      onCancel: () => stopped.abort(),
    });
    let started = false;
    return {
      update(text) {
        if (started) spin.message(text);
        else spin.start(text);
        started = true;
      },
      stop(text) {
        if (stopped.signal.aborted) stream.write(`${text}\n`);
        else if (started) spin.stop(text);
        else stream.write(`${text}\n`);
      },
      signal: stopped.signal,
    };
  }
  let last = '';
  const line = (text: string) => {
    if (text !== last) io.stderr.write(`${text}\n`);
    last = text;
  };
  return { update: line, stop: line, signal: stopped.signal };
}

/** `--wait` and `--wait-timeout <seconds>` (the other command groups' spelling). */
export interface WaitFlags {
  wait?: boolean;
  waitTimeout?: string;
}

export function withWaitFlags(command: Command, until: string): Command {
  return command
    .option('--wait', `wait until ${until}, reading it every few seconds (Ctrl-C stops waiting only)`)
    .option('--wait-timeout <seconds>', 'with --wait: give up waiting after this long (default: no limit)');
}

/** How long to wait: undefined (no --wait), a number of seconds, or no limit. */
export function waitSeconds(flags: WaitFlags): number | undefined {
  if (flags.waitTimeout !== undefined && !flags.wait) throw usageError('--wait-timeout goes with --wait');
  if (!flags.wait) return undefined;
  if (flags.waitTimeout === undefined) return Number.POSITIVE_INFINITY;
  const seconds = Number(flags.waitTimeout);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw usageError(`--wait-timeout takes a number of seconds, not ${flags.waitTimeout}`);
  return seconds;
}
