import type { DeliveryAttempt, DeliveryState, StoredEvent } from './port.js';

export const EVENT_COLUMNS =
  'event_id, project_id, resource_type, resource_id, event_type, status, url, body, state, attempts, created_at, updated_at';

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
