import { errors } from '../../errors.js';
import type { ImportedOrder, Store } from '../../store/types.js';
import type { NumberPattern } from '../numbers/patterns.js';
import { decodePageToken, encodePageToken } from '../pageToken.js';
import {
  type ImportRequest,
  newImportedNumber,
  type UpdateRequest,
  updateImportedNumber,
} from './importedNumber.js';

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

interface PageCursor {
  o: ImportedOrder;
  t: number;
  p: string;
}

function decodeCursor(token: string, orderBy: ImportedOrder): PageCursor {
  return decodePageToken<PageCursor>(
    token,
    // A time in milliseconds: a fraction or an exponent is no token of ours (and PostgreSQL's
    // bigint would refuse it with a 500).
    (cursor) =>
      Number.isSafeInteger(cursor.t) &&
      (cursor.t as number) >= 0 &&
      typeof cursor.p === 'string' &&
      cursor.o === orderBy,
  );
}

const notFound = (phoneNumber: string) =>
  errors.notFound('ImportedNumber', phoneNumber, 'The imported number could not be found.');

/** The Imported Numbers operations: import, list, get, update, delete (no carrier work yet). */
export function createImportedNumbersService({
  store,
  now,
}: {
  /** Only the port it uses. */
  store: Pick<Store, 'importedNumbers'>;
  now: () => number;
}) {
  return {
    async importNumber(projectId: string, body: ImportRequest) {
      const record = newImportedNumber(projectId, body, now());
      const result = await store.importedNumbers.create(record);
      if (result === 'imported') throw errors.alreadyExists('ImportedNumber', record.phoneNumber);
      if (result === 'inventory') throw errors.sinchNumberNotImportable(record.phoneNumber);
      return result;
    },

    async list(projectId: string, query: ImportedQuery) {
      const orderBy = query.orderBy ?? 'phoneNumber';
      const limit = Math.min(query.pageSize || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
      const cursor = query.pageToken ? decodeCursor(query.pageToken, orderBy) : undefined;
      const { records, totalSize } = await store.importedNumbers.list({
        projectId,
        regionCode: query.regionCode,
        pattern: query.pattern,
        servicePlanId: query.servicePlanId,
        campaignId: query.campaignId,
        orderBy,
        after: cursor && { at: cursor.t, phoneNumber: cursor.p },
        // One extra row tells whether another page exists.
        limit: limit + 1,
      });
      const page = records.slice(0, limit);
      const last = page[page.length - 1];
      const at = (r: NonNullable<typeof last>) =>
        orderBy === 'createdTime' ? r.createdAt : orderBy === 'updatedTime' ? r.updatedAt : 0;
      const nextPageToken =
        records.length > limit && last
          ? encodePageToken({ o: orderBy, t: at(last), p: last.phoneNumber } satisfies PageCursor)
          : '';
      return { records: page, nextPageToken, totalSize };
    },

    async get(projectId: string, phoneNumber: string) {
      const record = await store.importedNumbers.get(projectId, phoneNumber);
      if (!record) throw notFound(phoneNumber);
      return record;
    },

    async update(projectId: string, phoneNumber: string, body: UpdateRequest) {
      const at = now();
      const record = await store.importedNumbers.update(projectId, phoneNumber, (current) =>
        updateImportedNumber(current, body, at),
      );
      if (!record) throw notFound(phoneNumber);
      return record;
    },

    async delete(projectId: string, phoneNumber: string) {
      if (!(await store.importedNumbers.delete(projectId, phoneNumber))) throw notFound(phoneNumber);
    },
  };
}

export type ImportedNumbersService = ReturnType<typeof createImportedNumbersService>;
