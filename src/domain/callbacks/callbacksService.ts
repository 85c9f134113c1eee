import { errors } from '../../errors.js';
import type { CallbackApi, CallbackFaults, DeliveryState, EventFilter, Store } from '../../store/types.js';
import { toWireTime } from '../time.js';
import type { SecretBox } from './secretBox.js';

/** Sinch's document (contract §14.5): 32 to 64 characters, letters, digits and hyphens only. */
export const HMAC_SECRET_MIN_LENGTH = 32;
export const HMAC_SECRET_MAX_LENGTH = 64;
const HMAC_SECRET_CHARACTERS = /^[a-zA-Z0-9-]*$/;
export const NO_FAULTS: CallbackFaults = {
  duplicate: false,
  outOfOrder: false,
  wrongSignature: false,
  delaySeconds: 0,
};
const DELIVERY_STATES: readonly DeliveryState[] = ['PENDING', 'DELIVERED', 'DEAD'];

/** Callback configuration (the HMAC secret), the sandbox delivery faults and the delivery log. */
export function createCallbacksService({
  store,
  now,
  secrets,
}: {
  /** Only the ports it uses. */
  store: Pick<Store, 'auth' | 'callbacks'>;
  now: () => number;
  secrets: SecretBox;
}) {
  /** The secret that signs the project's callbacks of one API ("" when none is set). */
  async function secretFor(projectId: string, api: CallbackApi = 'numbers'): Promise<string> {
    const sealed = await store.callbacks.getSealedSecret(projectId, api);
    return sealed ? secrets.open(sealed) : '';
  }

  return {
    secretFor,

    /** Each API has its own configuration: the Numbers API's (default) or the Imported Numbers API's. */
    async getConfiguration(projectId: string, api: CallbackApi = 'numbers') {
      return { projectId, hmacSecret: await secretFor(projectId, api) };
    },

    async updateConfiguration(
      projectId: string,
      hmacSecret: string | undefined,
      api: CallbackApi = 'numbers',
    ) {
      if (typeof hmacSecret !== 'string' || hmacSecret.length === 0) {
        throw errors.fieldViolation('hmacSecret', 'hmacSecret is required');
      }
      if (hmacSecret.length < HMAC_SECRET_MIN_LENGTH || hmacSecret.length > HMAC_SECRET_MAX_LENGTH) {
        throw errors.fieldViolation(
          'hmacSecret',
          `hmacSecret must be ${HMAC_SECRET_MIN_LENGTH} to ${HMAC_SECRET_MAX_LENGTH} characters long; got ${hmacSecret.length}`,
        );
      }
      if (!HMAC_SECRET_CHARACTERS.test(hmacSecret)) {
        throw errors.fieldViolation(
          'hmacSecret',
          'hmacSecret may contain only letters (a-z, A-Z), digits and hyphens',
        );
      }
      await store.callbacks.setSealedSecret(projectId, secrets.seal(hmacSecret), now(), api);
      return { projectId, hmacSecret };
    },

    async getFaults(projectId: string): Promise<CallbackFaults> {
      return (await store.callbacks.getFaults(projectId)) ?? NO_FAULTS;
    },

    async setFaults(projectId: string, faults: CallbackFaults): Promise<CallbackFaults> {
      if (!(await store.auth.getProject(projectId))) throw errors.projectNotFound(projectId);
      await store.callbacks.setFaults(projectId, faults);
      return faults;
    },

    async listEvents(filter: Omit<EventFilter, 'state'> & { state?: string }) {
      const state = filter.state?.toUpperCase() as DeliveryState | undefined;
      if (state && !DELIVERY_STATES.includes(state)) {
        throw errors.fieldViolation(
          'status',
          `"${filter.state}" is not a valid value; use ${DELIVERY_STATES.join(', ')}`,
        );
      }
      const events = await store.callbacks.listEvents({ ...filter, state });
      return {
        callbacks: events.map((event) => ({
          eventId: event.eventId,
          projectId: event.projectId,
          resourceType: event.resourceType,
          resourceId: event.resourceId,
          eventType: event.eventType,
          status: event.status,
          url: event.url,
          deliveryState: event.state,
          attempts: event.attempts,
          createTime: toWireTime(event.createdAt),
          updateTime: toWireTime(event.updatedAt),
          payload: JSON.parse(event.body) as Record<string, unknown>,
          deliveries: event.deliveries.map((d) => ({
            attempt: d.attempt,
            time: toWireTime(d.attemptedAt),
            requestHeaders: d.requestHeaders,
            requestBody: d.requestBody,
            responseStatus: d.responseStatus,
            latencyMs: d.latencyMs,
            error: d.error,
          })),
        })),
      };
    },

    async redeliver(eventId: string) {
      if (!(await store.callbacks.redeliver(eventId, now()))) {
        throw errors.notFound('CallbackEvent', eventId, `No callback event ${eventId}`);
      }
      return { eventId, deliveryState: 'PENDING' as const };
    },
  };
}

export type CallbacksService = ReturnType<typeof createCallbacksService>;
