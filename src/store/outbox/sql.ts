import type { OutgoingEvent } from '../../domain/callbacks/events.js';
import { deliveryJob } from '../../jobs/callbackDelivery.js';
import { type Db, Params, whereClause } from '../db/port.js';
import { insertJobs } from '../jobs/sql.js';
import type { CallbackFaults, CallbacksPort, EventFilter, EventWithAttempts } from './port.js';
import { EVENT_COLUMNS, type EventRow, eventFromRow } from './rows.js';

/**
 * Writes outbox rows in the caller's transaction, each with its delivery job due when the event
 * is created.
 */
export async function insertEvents(db: Db, events: OutgoingEvent[]): Promise<void> {
  if (!events.length) return;
  const params = new Params();
  const rows = events.map((e) => {
    const text = [e.eventId, e.projectId, e.resourceType, e.resourceId, e.eventType, e.status, e.url, e.body];
    const createdAt = `${params.add(e.createdAt)}::bigint`;
    return `(${text.map((value) => `${params.add(value)}::text`).join(', ')}, ${createdAt}, ${createdAt})`;
  });
  await db.run(
    `INSERT INTO callback_events (event_id, project_id, resource_type, resource_id, event_type, status, url, body,
       created_at, updated_at)
     VALUES ${rows.join(', ')}`,
    params.values,
  );
  await insertJobs(
    db,
    events.map((event) => deliveryJob(event.eventId, event.createdAt)),
  );
}

/**
 * The newest events a filter selects, with their attempts. Only the given filters go into the
 * WHERE clause, so the project/resource indexes apply. The dialects fetch the attempts
 * differently (one statement with json_agg on PostgreSQL).
 */
export type ListEvents = (where: string, params: Params) => Promise<EventWithAttempts[]>;

export function eventsQuery(filter: EventFilter): { where: string; params: Params } {
  const params = new Params();
  const conditions: string[] = [];
  if (filter.eventId !== undefined) conditions.push(`event_id = ${params.add(filter.eventId)}`);
  if (filter.projectId !== undefined) conditions.push(`project_id = ${params.add(filter.projectId)}`);
  if (filter.resourceId !== undefined) conditions.push(`resource_id = ${params.add(filter.resourceId)}`);
  if (filter.eventType !== undefined) conditions.push(`event_type = ${params.add(filter.eventType)}`);
  if (filter.state !== undefined) conditions.push(`state = ${params.add(filter.state)}`);
  return {
    where: `${whereClause(conditions)} ORDER BY created_at DESC, event_id DESC LIMIT ${params.add(filter.limit)}`,
    params,
  };
}

export function callbacksStore(db: Db, listEvents: ListEvents): CallbacksPort {
  return {
    async getSealedSecret(projectId, api = 'numbers') {
      const row = await db.get<{ sealed_secret: string }>(
        'SELECT sealed_secret FROM callback_secrets WHERE project_id = $1 AND api = $2',
        [projectId, api],
      );
      return row?.sealed_secret;
    },
    async setSealedSecret(projectId, sealed, now, api = 'numbers') {
      await db.run(
        `INSERT INTO callback_secrets (project_id, api, sealed_secret, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (project_id, api) DO UPDATE SET sealed_secret = excluded.sealed_secret, updated_at = excluded.updated_at`,
        [projectId, api, sealed, now],
      );
    },
    async getFaults(projectId) {
      const row = await db.get<{ faults: string | CallbackFaults }>(
        'SELECT faults FROM callback_faults WHERE project_id = $1',
        [projectId],
      );
      return row && (typeof row.faults === 'string' ? JSON.parse(row.faults) : row.faults);
    },
    async setFaults(projectId, faults) {
      await db.run(
        `INSERT INTO callback_faults (project_id, faults) VALUES ($1, $2::text::json)
         ON CONFLICT (project_id) DO UPDATE SET faults = excluded.faults`,
        [projectId, JSON.stringify(faults)],
      );
    },
    async getEvent(eventId) {
      const row = await db.get<EventRow>(`SELECT ${EVENT_COLUMNS} FROM callback_events WHERE event_id = $1`, [
        eventId,
      ]);
      return row && eventFromRow(row);
    },
    async recordAttempt(eventId, attempt, state, retryAt) {
      await db.transaction(async (tx) => {
        await tx.run(
          `INSERT INTO callback_attempts (event_id, attempt, attempted_at, request_headers, request_body,
             response_status, latency_ms, error)
           VALUES ($1, $2, $3, $4::text::json, $5, $6, $7, $8)`,
          [
            eventId,
            attempt.attempt,
            attempt.attemptedAt,
            JSON.stringify(attempt.requestHeaders),
            attempt.requestBody,
            attempt.responseStatus,
            attempt.latencyMs,
            attempt.error,
          ],
        );
        // The attempt count never decreases (a duplicate delivery may record an older attempt).
        await tx.run(
          `UPDATE callback_events SET state = $2,
             attempts = CASE WHEN attempts > $3::integer THEN attempts ELSE $3::integer END, updated_at = $4::bigint
           WHERE event_id = $1`,
          [eventId, state, attempt.attempt, attempt.attemptedAt],
        );
        if (retryAt !== null) await insertJobs(tx, [deliveryJob(eventId, retryAt)]);
      });
    },
    async redeliver(eventId, now) {
      return db.transaction(async (tx) => {
        const updated = await tx.run(
          "UPDATE callback_events SET state = 'PENDING', updated_at = $2 WHERE event_id = $1",
          [eventId, now],
        );
        if (updated !== 1) return false;
        await insertJobs(tx, [deliveryJob(eventId, now)]);
        return true;
      });
    },
    async listEvents(filter) {
      const { where, params } = eventsQuery(filter);
      return listEvents(where, params);
    },
  };
}
