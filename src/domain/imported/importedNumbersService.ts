import { errors } from '../../errors.js';
import { newId } from '../../ids.js';
import { type ImportedProvisioning, importedProvisioningJob } from '../../jobs/importedProvisioning.js';
import type { ImportedOrder, Store } from '../../store/types.js';
import type { NumberPattern } from '../numbers/patterns.js';
import { numberCursor, numberPage } from '../pageToken.js';
import {
  type ImportedNumberRecord,
  type ImportRequest,
  newImportedNumber,
  type UpdateRequest,
  updateImportedNumber,
} from './importedNumber.js';
import { advanceImportedProvisioning, deletedEvents } from './provisioning.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface ImportedQuery {
  regionCode?: string;
  pattern?: NumberPattern;
  servicePlanId?: string;
  campaignId?: string;
  pageSize?: number;
  pageToken?: string;
  orderBy?: ImportedOrder;
}

const notFound = (phoneNumber: string) =>
  errors.notFound('ImportedNumber', phoneNumber, 'The imported number could not be found.');

/**
 * The Imported Numbers operations (import, list, get, update, delete) and the carrier work they
 * start: each change of plan or campaign schedules its first step `provisioningDelayMs` later,
 * and every step schedules the next (provisioning.ts has the rules).
 */
export function createImportedNumbersService({
  store,
  now,
  provisioningDelayMs,
}: {
  /** Only the port it uses. */
  store: Pick<Store, 'importedNumbers'>;
  now: () => number;
  provisioningDelayMs: number;
}) {
  /** The first step's job of a change, when the record has work pending for its revision. */
  const firstStep = (record: ImportedNumberRecord, at: number) =>
    record.provisioningRevision === undefined
      ? []
      : [importedProvisioningJob(record, record.provisioningRevision, at + provisioningDelayMs)];

  return {
    async importNumber(projectId: string, body: ImportRequest) {
      const at = now();
      const record = newImportedNumber(projectId, body, at);
      const result = await store.importedNumbers.create({ record, jobs: firstStep(record, at) });
      if (result === 'imported') throw errors.alreadyExists('ImportedNumber', record.phoneNumber);
      if (result === 'inventory') throw errors.sinchNumberNotImportable(record.phoneNumber);
      if (result === 'hosting') throw errors.hostingNumberInOpenOrder(record.phoneNumber, false);
      return result;
    },

    async list(projectId: string, query: ImportedQuery) {
      const orderBy = query.orderBy ?? 'phoneNumber';
      const limit = Math.min(query.pageSize || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
      const { records, totalSize } = await store.importedNumbers.list({
        projectId,
        regionCode: query.regionCode,
        pattern: query.pattern,
        servicePlanId: query.servicePlanId,
        campaignId: query.campaignId,
        orderBy,
        after: numberCursor(query.pageToken, orderBy),
        // One extra row tells whether another page exists.
        limit: limit + 1,
      });
      return { ...numberPage(records, limit, orderBy), totalSize };
    },

    async get(projectId: string, phoneNumber: string) {
      const record = await store.importedNumbers.get(projectId, phoneNumber);
      if (!record) throw notFound(phoneNumber);
      return record;
    },

    async update(projectId: string, phoneNumber: string, body: UpdateRequest) {
      const at = now();
      const record = await store.importedNumbers.update(projectId, phoneNumber, (current) => {
        const next = updateImportedNumber(current, body, at);
        if (!next) return null;
        const restarted = next.provisioningRevision !== current.provisioningRevision;
        return { record: next, jobs: restarted ? firstStep(next, at) : [] };
      });
      if (!record) throw notFound(phoneNumber);
      return record;
    },

    /** Deleting sends the number's `DELETE` callback; pending provisioning jobs find nothing. */
    async delete(projectId: string, phoneNumber: string) {
      const at = now();
      const removed = await store.importedNumbers.delete(projectId, phoneNumber, (record) =>
        deletedEvents(record, at, () => newId(at)),
      );
      if (!removed) throw notFound(phoneNumber);
    },

    /**
     * One step of a number's carrier work (the `imported.provisioning` job). A job made for an
     * older revision (the configuration changed since, or the step ran already) does nothing.
     */
    async advanceProvisioning(payload: ImportedProvisioning) {
      const at = now();
      await store.importedNumbers.update(payload.projectId, payload.phoneNumber, (current) => {
        if (current.provisioningRevision !== payload.revision) return null;
        const move = advanceImportedProvisioning(current, at, () => newId(at));
        if (!move) return null;
        const revision = payload.revision + 1;
        const record = { ...move.record, provisioningRevision: revision };
        // The next step is timed from this one's due time, not from when a worker got to it.
        const jobs = move.more
          ? [importedProvisioningJob(record, revision, payload.dueAt + provisioningDelayMs)]
          : [];
        return { record, jobs, events: move.events };
      });
    },
  };
}

export type ImportedNumbersService = ReturnType<typeof createImportedNumbersService>;
