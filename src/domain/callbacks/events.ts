import { createHmac } from 'node:crypto';

/**
 * Callback events (contract §8). The payload is serialized once, when the event is created, and
 * those exact bytes are sent and signed on every attempt.
 */

/** Resources of the Numbers API's events (contract §8). */
export type NumbersResourceType = 'ACTIVE_NUMBER' | 'NUMBER_ORDER';
/** Resources of the Imported Numbers API's events (its `CallbackPayload.resourceType`). */
export type ImportedResourceType = 'IMPORTED_NUMBER' | 'HOSTING_ORDER_NUMBER';
export type ResourceType = NumbersResourceType | ImportedResourceType;

export type NumbersEventType =
  | 'PROVISIONING_TO_SMS_PLATFORM'
  | 'DEPROVISIONING_FROM_SMS_PLATFORM'
  | 'PROVISIONING_TO_CAMPAIGN'
  | 'DEPROVISIONING_FROM_CAMPAIGN'
  | 'PROVISIONING_TO_VOICE_PLATFORM'
  | 'DEPROVISIONING_FROM_VOICE_PLATFORM'
  | 'NUMBER_ORDER_PROCESSING';
/** The Imported Numbers API's event types (its `CallbackPayload.eventType`; note the `_TO_` reverses). */
export type ImportedEventType =
  | 'PROVISIONING_TO_SMS_PLATFORM'
  | 'DEPROVISIONING_TO_SMS_PLATFORM'
  | 'LINK_TO_10DLC_CAMPAIGN'
  | 'UNLINK_TO_10DLC_CAMPAIGN'
  | 'HOSTING_PROCESS'
  | 'OSR_UPDATE'
  | 'DELETE';
export type EventType = NumbersEventType | ImportedEventType;

/** Which API's callback configuration (HMAC secret) signs events about a resource. */
export function callbackApiOf(resourceType: ResourceType): 'numbers' | 'imported' {
  return resourceType === 'IMPORTED_NUMBER' || resourceType === 'HOSTING_ORDER_NUMBER'
    ? 'imported'
    : 'numbers';
}

export interface EventPayload {
  eventId: string;
  timestamp: string;
  projectId: string;
  resourceId: string;
  resourceType: NumbersResourceType;
  eventType: NumbersEventType;
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
  return outgoing(payload, url, now);
}

/** The outbox row of a payload: its body serialized once, here. */
function outgoing(payload: EventPayload | ImportedEventPayload, url: string, now: number): OutgoingEvent {
  return {
    eventId: payload.eventId,
    projectId: payload.projectId,
    resourceType: payload.resourceType,
    resourceId: payload.resourceId,
    eventType: payload.eventType,
    status: payload.status,
    url,
    body: JSON.stringify(payload),
    createdAt: now,
  };
}

/** The Imported Numbers API's `CallbackPayload`: RFC 3339 timestamp with `Z`, `failureCode` only when FAILED. */
export interface ImportedEventPayload {
  eventId: string;
  timestamp: string;
  projectId: string;
  resourceId: string;
  resourceType: ImportedResourceType;
  eventType: ImportedEventType;
  status: 'SUCCEEDED' | 'FAILED';
  failureCode?: string;
}

/** The `failureCode` values of that payload, as its document lists them; other codes are left out. */
export const IMPORTED_FAILURE_CODES: readonly string[] = [
  'CAMPAIGN_NOT_AVAILABLE',
  'EXCEEDED_10DLC_LIMIT',
  'NUMBER_PROVISIONING_FAILED',
  'PARTNER_SERVICE_UNAVAILABLE',
  'CAMPAIGN_PENDING_ACCEPTANCE',
  'MNO_SHARING_ERROR',
  'CAMPAIGN_PROVISIONING_FAILED',
  'CAMPAIGN_EXPIRED',
  'CAMPAIGN_MNO_REJECTED',
  'CAMPAIGN_MNO_SUSPENDED',
  'CAMPAIGN_MNO_REVIEW',
  'INSUFFICIENT_BALANCE',
  'MOCK_CAMPAIGN_NOT_ALLOWED',
  'TFN_NOT_ALLOWED',
  'INVALID_NNID',
];

/**
 * An event of the Imported Numbers API (signed with that API's HMAC secret on delivery). A
 * failure code outside the document's list (e.g. `SMS_PROVISIONING_FAILED`) is not sent.
 */
export function newImportedEvent(
  fields: Omit<ImportedEventPayload, 'timestamp' | 'failureCode'> & { failureCode?: string },
  url: string,
  now: number,
): OutgoingEvent {
  const payload: ImportedEventPayload = {
    eventId: fields.eventId,
    timestamp: new Date(now).toISOString(),
    projectId: fields.projectId,
    resourceId: fields.resourceId,
    resourceType: fields.resourceType,
    eventType: fields.eventType,
    status: fields.status,
    ...(fields.status === 'FAILED' &&
    fields.failureCode &&
    IMPORTED_FAILURE_CODES.includes(fields.failureCode)
      ? { failureCode: fields.failureCode }
      : {}),
  };
  return outgoing(payload, url, now);
}

/** `X-Sinch-Signature`: lowercase hex HMAC-SHA1 of exactly the body bytes, keyed with the UTF-8 secret. */
export function signBody(body: string, secret: string): string {
  return createHmac('sha1', Buffer.from(secret, 'utf8')).update(Buffer.from(body, 'utf8')).digest('hex');
}
