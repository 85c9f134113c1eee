import type { Db } from '../db/port.js';
import type { ClaimDue, Job } from './port.js';
import { type JobRow, payloadOf } from './sql.js';

/**
 * SQLite: one process writes at a time, so a conditional update is the whole claim. A running
 * job's run_at is its lease expiry, so one index finds both due and abandoned jobs.
 */
export function sqliteClaimDue(db: Db): ClaimDue {
  return async (now, limit, leaseMs) => {
    const rows = await db.all<JobRow>(
      `UPDATE jobs SET status = 'running', run_at = $3, attempts = attempts + 1
       WHERE id IN (SELECT id FROM jobs WHERE status IN ('pending', 'running') AND run_at <= $1 ORDER BY run_at LIMIT $2)
       RETURNING id, kind, payload, run_at, attempts`,
      [now, limit, now + leaseMs],
    );
    return rows.map(
      (r): Job => ({
        id: Number(r.id),
        kind: r.kind,
        payload: payloadOf(r),
        runAt: now,
        attempts: r.attempts,
      }),
    );
  };
}
