import { ApiError, CliError, EXIT, UncertainOutcome } from './errors.js';

/**
 * Safe retries for billable operations (seed 002): after an answer that got lost (a timeout, a
 * reset connection, a 5xx) the request is never sent again blindly. The state is read first; the
 * request is sent again only if the read proves it did not take effect, and the command says what
 * the read found. Every billable command goes through `runSafely` with its own `verify`.
 */

/** What a read after an uncertain outcome found. */
export type Check<T> =
  /** The action took effect: `result` is the state it produced. */
  | { kind: 'done'; result: T; found: string }
  /** The action provably did not take effect: sending it again is safe. */
  | { kind: 'not-done'; found: string }
  /** The read could not tell (it failed, or what it saw fits both). */
  | { kind: 'unsettled'; found: string };

export interface BillableAction<T> {
  /** What is being done, for messages: `rent +12025550134`. */
  what: string;
  /** Sends the request once and returns what the API answered. */
  send(): Promise<T>;
  /** Reads the state: did the action take effect? May throw; a failed read is unsettled. */
  verify(): Promise<Check<T>>;
}

export interface SafeOutcome<T> {
  result: T;
  /** How many times the request was sent. */
  attempts: number;
  /** `answer`: the API answered the request; `read`: an answer was lost and a read showed the effect. */
  confirmedBy: 'answer' | 'read';
  /** What the command told the person along the way. */
  log: string[];
}

export interface SafeOptions {
  /** How many times the request may be sent again after a read proved it did not take effect. */
  retries: number;
  /** Tells the person (stderr). */
  note: (line: string) => void;
}

async function settle<T>(action: BillableAction<T>): Promise<Check<T>> {
  try {
    return await action.verify();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { kind: 'unsettled', found: `the check failed too (${reason})` };
  }
}

/** Why the answer is missing, in words: `connection lost (…)`, `the server answered 503`. */
function why(lost: UncertainOutcome): string {
  return lost.httpStatus ? `the server answered ${lost.httpStatus}` : lost.reason;
}

export async function runSafely<T>(action: BillableAction<T>, options: SafeOptions): Promise<SafeOutcome<T>> {
  const log: string[] = [];
  const tell = (line: string) => {
    log.push(line);
    options.note(line);
  };
  const total = options.retries + 1;
  let lost: UncertainOutcome | undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await action.send();
      return { result, attempts: attempt, confirmedBy: 'answer', log };
    } catch (error) {
      if (error instanceof ApiError && lost) {
        // A retry refused: perhaps because an earlier attempt took effect after all (a slow server).
        const check = await settle(action);
        if (check.kind === 'done') {
          tell(`${check.found} (an earlier attempt took effect)`);
          return { result: check.result, attempts: attempt, confirmedBy: 'read', log };
        }
        throw error;
      }
      if (!(error instanceof UncertainOutcome)) throw error;
      lost = error;
    }
    const reason = why(lost);
    tell(`${action.what}: ${reason}; checking whether it went through before anything else`);
    const check = await settle(action);
    const details = { request: lost.request, reason, checked: check.found, attempts: attempt, log };
    if (check.kind === 'done') {
      tell(check.found);
      return { result: check.result, attempts: attempt, confirmedBy: 'read', log };
    }
    if (check.kind === 'unsettled')
      throw new CliError(
        `${action.what}: ${reason}, and ${check.found}: the outcome is unknown; check the state before trying again`,
        EXIT.uncertain,
        details,
      );
    if (attempt >= total)
      throw new CliError(
        `${action.what} did not go through: ${check.found}; gave up after ${attempt} attempt${attempt > 1 ? 's' : ''} (${reason})`,
        EXIT.refused,
        details,
      );
    tell(`${check.found}; retrying (${attempt + 1}/${total})`);
  }
}
