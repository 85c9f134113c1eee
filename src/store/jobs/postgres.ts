import type { Db } from '../db/port.js';
import type { ClaimDue, Job } from './port.js';
import { type JobRow, payloadOf } from './sql.js';

/**
 * PostgreSQL: SKIP LOCKED, so two workers polling at once claim disjoint jobs. A row another
 * worker claimed meanwhile fails the re-checked `run_at <= now` and is skipped.
 */
export function postgresClaimDue(db: Db): ClaimDue {
  return async (now, limit, leaseMs) => {
    const rows = await db.all<JobRow & { due_at: number }>(
      `WITH due AS (
         SELECT id, run_at FROM jobs WHERE status IN ('pending', 'running') AND run_at <= $1::bigint
         ORDER BY run_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
       UPDATE jobs SET status = 'running', run_at = $3::bigint, attempts = jobs.attempts + 1
       FROM due WHERE jobs.id = due.id
       RETURNING jobs.id, jobs.kind, jobs.payload, jobs.attempts, due.run_at AS due_at`,
      [now, limit, now + leaseMs],
    );
    rows.sort((a, b) => a.due_at - b.due_at || a.id - b.id);
    return rows.map(
      (r): Job => ({ id: r.id, kind: r.kind, payload: payloadOf(r), runAt: now, attempts: r.attempts }),
    );
  };
}
