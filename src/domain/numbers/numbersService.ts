import { errors } from '../../errors.js';
import { newId } from '../../ids.js';
import { type ProvisioningStep, provisioningJob } from '../../jobs/provisioningStep.js';
import type { ActiveOrder, Store } from '../../store/types.js';
import type { OutgoingEvent } from '../callbacks/events.js';
import {
  type Capability,
  capabilitiesFromMask,
  type NumberType,
  type Product,
} from '../inventory/products.js';
import { decodePageToken, encodePageToken } from '../pageToken.js';
import {
  type ActiveNumberRecord,
  applyConfiguration,
  type ChangeContext,
  type ConfigurationRequest,
  type InventoryRow,
  isExpired,
  newActiveNumber,
  provisioningStepMs,
  releaseNumber,
} from './activeNumber.js';
import { assertConfigurationFits, capabilitiesConfigured, masksIncluding } from './capabilities.js';
import { releaseCompletionEvents, smsOutcomeEvents, voiceOutcomeEvents } from './numberEvents.js';
import type { NumberPattern } from './patterns.js';
import { advanceSms, advanceVoice } from './provisioning.js';

export const NUMBER_TYPES: readonly NumberType[] = ['MOBILE', 'LOCAL', 'TOLL_FREE'];
export const DEFAULT_SEARCH_SIZE = 100;
export const MAX_SEARCH_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface AvailableQuery {
  regionCode: string;
  numberType: NumberType;
  pattern?: NumberPattern;
  capabilities?: Capability[];
  size?: number;
}

export interface ActiveQuery {
  regionCode?: string;
  numberType?: NumberType;
  pattern?: NumberPattern;
  capabilities?: Capability[];
  pageSize?: number;
  pageToken?: string;
  orderBy?: ActiveOrder;
}

export interface RentAnyRequest extends ConfigurationRequest {
  regionCode: string;
  type: NumberType;
  numberPattern?: NumberPattern;
  capabilities?: Capability[];
}

// Made on first use: loading the names costs ~40 ms, at every start if made at import.
let regionNames: Intl.DisplayNames | undefined;

function regionName(regionCode: string): string {
  regionNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
  try {
    return regionNames.of(regionCode) ?? regionCode;
  } catch {
    return regionCode;
  }
}

interface PageCursor {
  o: ActiveOrder;
  n: string;
  p: string;
}

function decodeCursor(token: string, orderBy: ActiveOrder): PageCursor {
  return decodePageToken<PageCursor>(
    token,
    (cursor) => typeof cursor.n === 'string' && typeof cursor.p === 'string' && cursor.o === orderBy,
  );
}

export interface NumbersServiceOptions {
  /** Only the ports it uses. */
  store: Pick<Store, 'inventory' | 'numbers' | 'policies'>;
  now: () => number;
  /** Clock time from a scheduled configuration change to its outcome. */
  provisioningDelayMs: number;
}

/** The Numbers v1 operations: inventory search, renting, active number configuration, release. */
export function createNumbersService({ store, now, provisioningDelayMs }: NumbersServiceOptions) {
  const stepMs = provisioningStepMs(provisioningDelayMs);

  function context(): ChangeContext {
    const at = now();
    return { now: at, newId: () => newId(at), provisioningStepMs: stepMs };
  }

  async function product(regionCode: string, numberType: NumberType): Promise<Product> {
    const found = await store.inventory.getProduct(regionCode, numberType);
    if (!found) throw errors.internal();
    return found;
  }

  function rentBuilder(
    projectId: string,
    productOf: Product,
    request: ConfigurationRequest,
    ctx: ChangeContext,
  ) {
    return (row: InventoryRow) =>
      configure(newActiveNumber(projectId, row, productOf, ctx.now), request, ctx);
  }

  /** A rent or PATCH request applied to a number that must have what it configures. */
  function configure(record: ActiveNumberRecord, request: ConfigurationRequest, ctx: ChangeContext) {
    assertConfigurationFits(capabilitiesFromMask(record.capabilities), request, record.phoneNumber);
    return applyConfiguration(record, request, ctx);
  }

  async function activeOrNotFound(
    projectId: string,
    phoneNumber: string,
    at: number,
  ): Promise<ActiveNumberRecord> {
    const record = await store.numbers.getActive(projectId, phoneNumber);
    if (!record || isExpired(record, at)) throw errors.activeNumberNotFound(phoneNumber);
    return record;
  }

  return {
    async listRegions(types: NumberType[] | undefined) {
      const byRegion = new Map<string, NumberType[]>();
      for (const p of await store.inventory.listProducts()) {
        byRegion.set(p.regionCode, [...(byRegion.get(p.regionCode) ?? []), p.numberType]);
      }
      const regions = [];
      for (const [regionCode, regionTypes] of byRegion) {
        const ordered = NUMBER_TYPES.filter((t) => regionTypes.includes(t));
        if (types && !ordered.some((t) => types.includes(t))) continue;
        regions.push({ regionCode, regionName: regionName(regionCode), types: ordered });
      }
      return { availableRegions: regions };
    },

    async searchAvailable(query: AvailableQuery) {
      const found = await store.inventory.offers({
        regionCode: query.regionCode,
        numberType: query.numberType,
        pattern: query.pattern,
        capabilityMasks: masksIncluding(query.capabilities),
        limit: Math.min(query.size || DEFAULT_SEARCH_SIZE, MAX_SEARCH_SIZE),
      });
      if (!found) return [];
      return found.rows.map((row) => ({ row, product: found.product }));
    },

    async getAvailable(phoneNumber: string) {
      const row = await store.inventory.getAvailable(phoneNumber);
      if (!row) throw errors.availableNumberNotFound(phoneNumber);
      return { row, product: await product(row.regionCode, row.numberType) };
    },

    async rent(projectId: string, phoneNumber: string, request: ConfigurationRequest) {
      const row = await store.inventory.getAvailable(phoneNumber);
      if (!row) throw errors.availableNumberNotFound(phoneNumber);
      // Countries with identity checks sell their numbers only through number orders.
      if (await store.policies.getLatest(row.regionCode, row.numberType)) {
        throw errors.invalidArgument(
          `${row.regionCode} ${row.numberType} numbers need identity checks: use a number order (numberOrders:createNumberOrder) instead of :rent`,
          [{ field: 'phoneNumber', description: `${phoneNumber} is sold through number orders (KYC)` }],
        );
      }
      const ctx = context();
      const rented = await store.numbers.rent(
        phoneNumber,
        rentBuilder(projectId, await product(row.regionCode, row.numberType), request, ctx),
      );
      // Someone else may have claimed it between the read and the claim.
      if (!rented) throw errors.availableNumberNotFound(phoneNumber);
      return rented;
    },

    async rentAny(projectId: string, request: RentAnyRequest) {
      if (request.regionCode !== 'US' || request.type !== 'LOCAL') {
        throw errors.invalidArgument(
          'rentAny supports only US LOCAL numbers; rent other numbers with :rent',
          [
            {
              field: request.regionCode !== 'US' ? 'regionCode' : 'type',
              description: 'rentAny supports only regionCode US with type LOCAL',
            },
          ],
        );
      }
      const ctx = context();
      const productOf = await product(request.regionCode, request.type);
      assertConfigurationFits(
        productOf.capabilities,
        request,
        `${request.regionCode} ${request.type} numbers`,
      );
      const rented = await store.numbers.rentAny(
        {
          regionCode: request.regionCode,
          numberType: request.type,
          pattern: request.numberPattern,
          // Only a number that can take the requested configuration is picked.
          capabilityMasks: masksIncluding([
            ...new Set([...(request.capabilities ?? []), ...capabilitiesConfigured(request)]),
          ]),
        },
        rentBuilder(projectId, productOf, request, ctx),
      );
      if (!rented) throw errors.noMatchingNumber();
      return rented;
    },

    async listActive(projectId: string, query: ActiveQuery) {
      const orderBy = query.orderBy ?? 'phoneNumber';
      const limit = Math.min(query.pageSize || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
      const cursor = query.pageToken ? decodeCursor(query.pageToken, orderBy) : undefined;
      const at = now();
      const { records, totalSize } = await store.numbers.listActive({
        projectId,
        regionCode: query.regionCode,
        numberType: query.numberType,
        pattern: query.pattern,
        capabilityMasks: masksIncluding(query.capabilities),
        orderBy,
        after: cursor && { displayName: cursor.n, phoneNumber: cursor.p },
        // One extra row tells whether another page exists.
        limit: limit + 1,
        now: at,
      });
      const page = records.slice(0, limit);
      const last = page[page.length - 1];
      const nextPageToken =
        records.length > limit && last
          ? encodePageToken({ o: orderBy, n: last.displayName, p: last.phoneNumber } satisfies PageCursor)
          : '';
      return { records: page, nextPageToken, totalSize };
    },

    async getActive(projectId: string, phoneNumber: string) {
      return activeOrNotFound(projectId, phoneNumber, now());
    },

    async updateActive(projectId: string, phoneNumber: string, request: ConfigurationRequest) {
      const ctx = context();
      const updated = await store.numbers.updateActive(projectId, phoneNumber, (current) =>
        isExpired(current, ctx.now) ? null : configure(current, request, ctx),
      );
      if (!updated || isExpired(updated, ctx.now)) throw errors.activeNumberNotFound(phoneNumber);
      return updated;
    },

    async release(projectId: string, phoneNumber: string) {
      const at = now();
      const released = await store.numbers.updateActive(projectId, phoneNumber, (current) =>
        isExpired(current, at) ? null : releaseNumber(current, at),
      );
      if (!released || isExpired(released, at)) throw errors.activeNumberNotFound(phoneNumber);
      return released;
    },

    /** Moves one scheduled SMS or voice change one step, and schedules the next step. */
    async advanceProvisioning(payload: ProvisioningStep) {
      const at = now();
      await store.numbers.updateActive(payload.projectId, payload.phoneNumber, (current) => {
        const step =
          payload.channel === 'sms'
            ? advanceSms(current.sms, payload.scheduledId, at, payload.from)
            : advanceVoice(current.voice, payload.scheduledId, at, payload.from);
        if (!step) return null;
        const record =
          payload.channel === 'sms'
            ? { ...current, sms: step.state as typeof current.sms }
            : { ...current, voice: step.state as typeof current.voice };
        const jobs = step.done
          ? []
          : [
              provisioningJob(
                record,
                payload.channel,
                payload.scheduledId,
                payload.dueAt + stepMs,
                'IN_PROGRESS',
              ),
            ];
        const eventContext = { now: at, newId: () => newId(at) };
        let events: OutgoingEvent[] = [];
        if (step.done && payload.channel === 'sms' && current.sms.scheduled) {
          events = smsOutcomeEvents(current, current.sms.scheduled, eventContext);
        } else if (step.done && payload.channel === 'voice' && current.voice.scheduled) {
          events = voiceOutcomeEvents(current, current.voice.scheduled, eventContext);
        }
        return { record, jobs, events };
      });
    },

    /** Returns a released number to the inventory once its `expireAt` has passed. */
    async completeRelease(projectId: string, phoneNumber: string) {
      const at = now();
      const onRemoved = (record: ActiveNumberRecord) =>
        releaseCompletionEvents(record, { now: at, newId: () => newId(at) });
      if (await store.numbers.completeRelease(projectId, phoneNumber, at, onRemoved)) return;
      // Another process's clock may lag ours: fail so the job is retried rather than lost.
      const record = await store.numbers.getActive(projectId, phoneNumber);
      if (record?.expireAt && record.expireAt > at) throw new Error('The release is not due yet');
    },
  };
}

export type NumbersService = ReturnType<typeof createNumbersService>;
