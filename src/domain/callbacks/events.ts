import { createHmac } from 'node:crypto';

/**
 * Callback events (contract §8). The payload is serialized once, when the event is created, and
 * those exact bytes are sent and signed on every attempt.
 */

export type ResourceType = 'ACTIVE_NUMBER' | 'NUMBER_ORDER';
export type EventType =
  | 'PROVISIONING_TO_SMS_PLATFORM'
  | 'DEPROVISIONING_FROM_SMS_PLATFORM'
  | 'PROVISIONING_TO_CAMPAIGN'
  | 'DEPROVISIONING_FROM_CAMPAIGN'
  | 'PROVISIONING_TO_VOICE_PLATFORM'
  | 'DEPROVISIONING_FROM_VOICE_PLATFORM'
  | 'NUMBER_ORDER_PROCESSING';

export interface EventPayload {
  eventId: string;
  timestamp: string;
  projectId: string;
  resourceId: string;
  resourceType: ResourceType;
  eventType: EventType;
  status: string;
  failureCode: string | null;
  internalFailureCode?: string;
}

/** An event to deliver, as the domain hands it to the store (outbox row). */
export interface OutgoingEvent {
  eventId: string;
  projectId: string;
  resourceType: ResourceType;
  resourceId: string;
  eventType: EventType;
  status: string;
  url: string;
  body: string;
  createdAt: number;
}

/** Upstream sends the timestamp without a zone designator (the SDKs patch in the Z). */
export function eventTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000');
}

export function newEvent(
  fields: Omit<EventPayload, 'timestamp' | 'failureCode' | 'internalFailureCode'> & {
    failureCode?: string | null;
    internalFailureCode?: string;
  },
  url: string,
  now: number,
): OutgoingEvent {
  const payload: EventPayload = {
    eventId: fields.eventId,
    timestamp: eventTimestamp(now),
    projectId: fields.projectId,
    resourceId: fields.resourceId,
    resourceType: fields.resourceType,
    eventType: fields.eventType,
    status: fields.status,
    failureCode: fields.failureCode ?? null,
    ...(fields.internalFailureCode ? { internalFailureCode: fields.internalFailureCode } : {}),
  };
  return {
    eventId: fields.eventId,
    projectId: fields.projectId,
    resourceType: fields.resourceType,
    resourceId: fields.resourceId,
    eventType: fields.eventType,
    status: fields.status,
    url,
    body: JSON.stringify(payload),
    createdAt: now,
  };
}

/** `X-Sinch-Signature`: lowercase hex HMAC-SHA1 of exactly the body bytes, keyed with the UTF-8 secret. */
export function signBody(body: string, secret: string): string {
  return createHmac('sha1', Buffer.from(secret, 'utf8')).update(Buffer.from(body, 'utf8')).digest('hex');
}
