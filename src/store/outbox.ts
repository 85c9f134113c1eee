import { deliveryJob, type OutgoingEvent } from '../domain/callbacks/events.js';
import type { JobSpec } from '../domain/numbers/activeNumber.js';
import type { DeliveryAttempt, DeliveryState, StoredEvent } from './types.js';

export { deliveryJob };

/** Each event is delivered by its own job, due when the event is created. */
export function deliveryJobs(events: OutgoingEvent[]): JobSpec[] {
  return events.map((event) => deliveryJob(event.eventId, event.createdAt));
}

export interface EventRow {
  event_id: string;
  project_id: string;
  resource_type: string;
  resource_id: string;
  event_type: string;
  status: string;
  url: string;
  body: string;
  state: string;
  attempts: number;
  created_at: number;
  updated_at: number;
}

export function eventToRow(event: OutgoingEvent) {
  return {
    event_id: event.eventId,
    project_id: event.projectId,
    resource_type: event.resourceType,
    resource_id: event.resourceId,
    event_type: event.eventType,
    status: event.status,
    url: event.url,
    body: event.body,
    created_at: event.createdAt,
  };
}

export function eventFromRow(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    projectId: row.project_id,
    resourceType: row.resource_type as StoredEvent['resourceType'],
    resourceId: row.resource_id,
    eventType: row.event_type as StoredEvent['eventType'],
    status: row.status,
    url: row.url,
    body: row.body,
    state: row.state as DeliveryState,
    attempts: Number(row.attempts),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export interface AttemptRow {
  event_id: string;
  attempt: number;
  attempted_at: number;
  request_headers: string | Record<string, string>;
  request_body: string;
  response_status: number | null;
  latency_ms: number;
  error: string;
}

export function attemptFromRow(row: AttemptRow): DeliveryAttempt {
  return {
    attempt: Number(row.attempt),
    attemptedAt: Number(row.attempted_at),
    requestHeaders:
      typeof row.request_headers === 'string' ? JSON.parse(row.request_headers) : row.request_headers,
    requestBody: row.request_body,
    responseStatus: row.response_status === null ? null : Number(row.response_status),
    latencyMs: Number(row.latency_ms),
    error: row.error,
  };
}
