import { createHash } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { callbackApiOf, signBody } from '../domain/callbacks/events.js';
import { DELIVERY_TIMEOUT_MS, retryDelayMs } from '../domain/callbacks/retrySchedule.js';
import type { DeliveryAttempt } from '../store/types.js';
import { deliver } from './callbacks/httpDelivery.js';
import { JOB_KINDS, type JobModule, type JobSpec } from './job.js';

const CallbackDeliveryPayload = Type.Object({ eventId: Type.String() });

/** The job that delivers one callback event, due `runAt`. */
export function deliveryJob(eventId: string, runAt: number): JobSpec {
  return { kind: JOB_KINDS.callbackDelivery, payload: { eventId }, runAt };
}

/** Out-of-order mode holds each event back by up to this long, so consecutive events swap. */
const OUT_OF_ORDER_WINDOW_MS = 3000;
const USER_AGENT = 'OpenNumbers-Callbacks/1.0';

/** A stable pseudo-random hold per event, so a retried job does not draw a new one. */
function holdMs(eventId: string): number {
  return createHash('sha256').update(eventId).digest().readUInt32BE(0) % OUT_OF_ORDER_WINDOW_MS;
}

/**
 * Callback delivery: POST the body serialized at creation, signed with the project's current
 * secret; 2xx is delivered, anything else is retried on the schedule in retrySchedule.ts (as a
 * new job per attempt) until the event is dead. Every attempt is recorded.
 */
export const callbackDelivery: JobModule<typeof CallbackDeliveryPayload> = {
  kind: JOB_KINDS.callbackDelivery,
  payload: CallbackDeliveryPayload,
  async handle({ eventId }, { store, clock, callbacks, delivery }) {
    const { policy, faultsEnabled } = delivery;
    const event = await store.callbacks.getEvent(eventId);
    if (event?.state !== 'PENDING') return;
    const faults = faultsEnabled ? await callbacks.getFaults(event.projectId) : undefined;

    if (faults && event.attempts === 0) {
      const due = event.createdAt + faults.delaySeconds * 1000 + (faults.outOfOrder ? holdMs(eventId) : 0);
      if (clock.now() < due) {
        await store.jobs.enqueue([deliveryJob(eventId, due)]);
        return;
      }
    }

    // Each API signs its events with its own callback configuration's secret.
    const secret = await callbacks.secretFor(event.projectId, callbackApiOf(event.resourceType));
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': USER_AGENT };
    if (secret) {
      // The wrong-signature fault signs with another key, so a receiver's check must fail.
      headers['x-sinch-signature'] = signBody(
        event.body,
        faults?.wrongSignature ? `${secret}\u0000wrong` : secret,
      );
    }

    let refused = false;
    const send = async (attempt: number): Promise<DeliveryAttempt> => {
      const attemptedAt = clock.now();
      const outcome = await deliver({
        url: event.url,
        body: event.body,
        headers,
        timeoutMs: DELIVERY_TIMEOUT_MS,
        policy,
      });
      refused = outcome.refused;
      const { responseStatus, latencyMs, error } = outcome;
      return {
        attempt,
        attemptedAt,
        requestHeaders: headers,
        requestBody: event.body,
        responseStatus,
        latencyMs,
        error,
      };
    };

    const first = await send(event.attempts + 1);
    if (first.error) {
      // A target the SSRF guard refuses stays refused: the event is dead at once.
      const delay = refused ? null : retryDelayMs(first.attempt);
      await store.callbacks.recordAttempt(
        eventId,
        first,
        delay === null ? 'DEAD' : 'PENDING',
        delay === null ? null : clock.now() + delay,
      );
      return;
    }
    await store.callbacks.recordAttempt(eventId, first, 'DELIVERED', null);
    if (faults?.duplicate) {
      // The duplicate is an extra copy of a delivered event: recorded, never retried.
      await store.callbacks.recordAttempt(eventId, await send(first.attempt + 1), 'DELIVERED', null);
    }
  },
};
