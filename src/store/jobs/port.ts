import type { JobSpec } from '../../jobs/job.js';

export interface Job {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  runAt: number;
  attempts: number;
}

export interface JobsPort {
  enqueue(jobs: JobSpec[]): Promise<void>;
  /** Claims up to `limit` due jobs for `leaseMs`; a job whose lease runs out is claimed again. */
  claimDue(now: number, limit: number, leaseMs: number): Promise<Job[]>;
  complete(id: number): Promise<void>;
  /** Schedules another attempt, or marks the job dead when `runAt` is null. */
  fail(id: number, error: string, runAt: number | null): Promise<void>;
  /** Jobs by state, for tests and the sandbox. */
  list(filter: {
    kind?: string;
    status?: 'pending' | 'running' | 'dead';
  }): Promise<(Job & { status: string; lastError: string })[]>;
}

/** The dialect's claim: a conditional update (SKIP LOCKED on PostgreSQL). */
export type ClaimDue = JobsPort['claimDue'];
