import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Job, Store } from '../store/types.js';
import { type JobContext, type JobModule, payloadProblem } from './job.js';

const BATCH = 20;
/** A claimed job is someone else's to retry if its worker has not finished it within this time. */
const LEASE_MS = 60_000;
/**
 * A job whose handler throws is tried this many times in all, then left dead: with the backoff
 * below that is about 2 minutes (1 + 2 + … + 64 s) of clock time. Callback delivery keeps its own,
 * longer schedule (CALLBACK_MAX_ATTEMPTS in retrySchedule.ts): its handler records a failed POST
 * and enqueues the next attempt instead of throwing, so this limit only covers store errors there.
 */
export const WORKER_MAX_ATTEMPTS = 8;

/** Retry delay after the n-th failed attempt: 1 s, 2 s, 4 s … capped at 5 minutes. */
function backoffMs(attempt: number): number {
  return Math.min(1000 * 2 ** (attempt - 1), 5 * 60_000);
}

export interface Worker {
  /**
   * Works every due job once; resolves to how many it ran. When the worker is also polling in the
   * background, it first waits for a poll that has jobs in hand, so that every job due when it was
   * called has been worked (by one or the other) when it resolves.
   */
  runDue(): Promise<number>;
  start(): void;
  /** Stops claiming and waits for the jobs in hand. */
  stop(): Promise<void>;
}

export function createWorker(options: {
  store: Store;
  clock: Clock;
  jobs: readonly JobModule[];
  context: JobContext;
  pollMs: number;
  log: Logger;
}): Worker {
  const { store, clock, context, pollMs, log } = options;
  const modules = new Map(options.jobs.map((module) => [module.kind as string, module]));
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = true;

  async function runJob(job: Job): Promise<void> {
    const module = modules.get(job.kind);
    const problem = module && payloadProblem(module, job.payload);
    if (problem !== undefined) {
      // Retrying cannot repair a payload: the job is dead at once, with the reason.
      const message = `Malformed ${job.kind} payload: ${problem}`;
      log.warn({ jobId: job.id, kind: job.kind, err: message, dead: true }, 'job failed');
      await store.jobs.fail(job.id, message, null);
      return;
    }
    try {
      if (!module) throw new Error(`No handler for job kind ${job.kind}`);
      await module.handle(job.payload, context);
      await store.jobs.complete(job.id);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const retryAt = job.attempts >= WORKER_MAX_ATTEMPTS ? null : clock.now() + backoffMs(job.attempts);
      log.warn(
        { jobId: job.id, kind: job.kind, attempts: job.attempts, err: message, dead: retryAt === null },
        'job failed',
      );
      await store.jobs.fail(job.id, message, retryAt);
    }
  }

  async function runDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const poll = running;
      await poll;
      total += await workDue();
      // A background poll that started meanwhile may have claimed a job before this call saw it.
      if (running === poll) return total;
    }
  }

  async function workDue(): Promise<number> {
    await clock.refresh();
    let total = 0;
    for (;;) {
      const jobs = await store.jobs.claimDue(clock.now(), BATCH, LEASE_MS);
      // A batch runs concurrently, and every delivery has a 5 s deadline, so a slow callback
      // receiver holds the next poll back by at most that long.
      await Promise.all(jobs.map(runJob));
      total += jobs.length;
      // A job may enqueue a follow-up that is already due (after a clock jump): keep going.
      if (jobs.length === 0) return total;
    }
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = workDue()
        .catch((error) => log.error({ err: error }, 'worker poll failed'))
        .finally(schedule);
    }, pollMs);
  }

  return {
    runDue,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
