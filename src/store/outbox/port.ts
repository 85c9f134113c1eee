import type { OutgoingEvent } from '../../domain/callbacks/events.js';

export type DeliveryState = 'PENDING' | 'DELIVERED' | 'DEAD';

/** A stored callback event: the outbox row. */
export interface StoredEvent extends OutgoingEvent {
  state: DeliveryState;
  attempts: number;
  updatedAt: number;
}

export interface DeliveryAttempt {
  attempt: number;
  attemptedAt: number;
  requestHeaders: Record<string, string>;
  requestBody: string;
  responseStatus: number | null;
  latencyMs: number;
  error: string;
}

/** Opt-in misbehaviour of the delivery engine, for testing receivers (sandbox only). */
export interface CallbackFaults {
  duplicate: boolean;
  outOfOrder: boolean;
  wrongSignature: boolean;
  delaySeconds: number;
}

export interface EventFilter {
  /** One event (the console's page of an event and its attempts). */
  eventId?: string;
  projectId?: string;
  resourceId?: string;
  eventType?: string;
  state?: DeliveryState;
  limit: number;
}

export type EventWithAttempts = StoredEvent & { deliveries: DeliveryAttempt[] };

/** The APIs that each have their own callback configuration (their own HMAC secret). */
export type CallbackApi = 'numbers' | 'imported';

export interface CallbacksPort {
  /** The project's sealed (encrypted) HMAC secret for one API (the Numbers API's by default). */
  getSealedSecret(projectId: string, api?: CallbackApi): Promise<string | undefined>;
  setSealedSecret(projectId: string, sealed: string, now: number, api?: CallbackApi): Promise<void>;
  getFaults(projectId: string): Promise<CallbackFaults | undefined>;
  setFaults(projectId: string, faults: CallbackFaults): Promise<void>;
  getEvent(eventId: string): Promise<StoredEvent | undefined>;
  /**
   * Records one delivery attempt and the event's new state; when `retryAt` is set, the next
   * delivery job is enqueued in the same transaction.
   */
  recordAttempt(
    eventId: string,
    attempt: DeliveryAttempt,
    state: DeliveryState,
    retryAt: number | null,
  ): Promise<void>;
  /** Makes the event pending again and enqueues a delivery now; false when it does not exist. */
  redeliver(eventId: string, now: number): Promise<boolean>;
  /** Newest first, each with its attempts in order. */
  listEvents(filter: EventFilter): Promise<EventWithAttempts[]>;
}
