import type { Db } from '../db/port.js';
import { type AttemptRow, attemptFromRow, EVENT_COLUMNS, type EventRow, eventFromRow } from './rows.js';
import type { ListEvents } from './sql.js';

/**
 * PostgreSQL: one statement, so the events and their attempts come from one snapshot (every
 * statement has its own). The attempts are aggregated after the LIMIT, for the listed events only.
 */
export function postgresListEvents(db: Db): ListEvents {
  return async (where, params) => {
    const rows = await db.all<EventRow & { deliveries: AttemptRow[] }>(
      `SELECT e.*, coalesce((
           SELECT json_agg(json_build_object(
               'event_id', a.event_id, 'attempt', a.attempt, 'attempted_at', a.attempted_at,
               'request_headers', a.request_headers, 'request_body', a.request_body,
               'response_status', a.response_status, 'latency_ms', a.latency_ms, 'error', a.error)
             ORDER BY a.id)
           FROM callback_attempts a WHERE a.event_id = e.event_id), '[]'::json) AS deliveries
       FROM (SELECT ${EVENT_COLUMNS} FROM callback_events ${where}) e
       ORDER BY e.created_at DESC, e.event_id DESC`,
      params.values,
    );
    return rows.map(({ deliveries, ...row }) => ({
      ...eventFromRow(row),
      deliveries: deliveries.map(attemptFromRow),
    }));
  };
}
