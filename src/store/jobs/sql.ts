import type { JobSpec } from '../../jobs/job.js';
import { type Db, Params, whereClause } from '../db/port.js';
import type { ClaimDue, JobsPort } from './port.js';

export interface JobRow {
  id: number;
  kind: string;
  payload: string | Record<string, unknown>;
  run_at: number;
  attempts: number;
  status: string;
  last_error: string;
}

/** SQLite returns the payload as text, PostgreSQL (jsonb) parsed. */
export function payloadOf(row: Pick<JobRow, 'payload'>): Record<string, unknown> {
  return typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload;
}

/** Writes jobs in the caller's transaction (the outbox rule: with the change that causes them). */
export async function insertJobs(db: Db, jobs: JobSpec[], now = Date.now()): Promise<void> {
  if (!jobs.length) return;
  const params = new Params();
  // Casts: a multi-row VALUES list gives PostgreSQL no column to infer the types from.
  const rows = jobs.map(
    (job) =>
      `(${params.add(job.kind)}, ${params.add(JSON.stringify(job.payload))}::text::jsonb, ${params.add(job.runAt)}::bigint, ${params.add(now)}::bigint)`,
  );
  await db.run(
    `INSERT INTO jobs (kind, payload, run_at, created_at) VALUES ${rows.join(', ')}`,
    params.values,
  );
}

export function jobsStore(db: Db, claimDue: ClaimDue): JobsPort {
  return {
    async enqueue(jobs) {
      await insertJobs(db, jobs);
    },
    claimDue,
    async complete(id) {
      await db.run('DELETE FROM jobs WHERE id = $1', [id]);
    },
    async fail(id, error, runAt) {
      if (runAt === null) {
        await db.run("UPDATE jobs SET status = 'dead', last_error = $2 WHERE id = $1", [id, error]);
      } else {
        await db.run("UPDATE jobs SET status = 'pending', run_at = $2, last_error = $3 WHERE id = $1", [
          id,
          runAt,
          error,
        ]);
      }
    },
    async list(filter) {
      const params = new Params();
      const conditions: string[] = [];
      if (filter.kind !== undefined) conditions.push(`kind = ${params.add(filter.kind)}`);
      if (filter.status !== undefined) conditions.push(`status = ${params.add(filter.status)}`);
      const rows = await db.all<JobRow>(
        `SELECT id, kind, payload, run_at, attempts, status, last_error FROM jobs ${whereClause(conditions)} ORDER BY id`,
        params.values,
      );
      return rows.map((r) => ({
        id: Number(r.id),
        kind: r.kind,
        payload: payloadOf(r),
        runAt: Number(r.run_at),
        attempts: Number(r.attempts),
        status: r.status,
        lastError: r.last_error,
      }));
    },
  };
}
