import { errors } from '../../errors.js';
import { newId } from '../../ids.js';
import type { InventoryConflict } from '../../store/inventory/port.js';
import type { AuditQuery, Store } from '../../store/types.js';
import type { AuthService } from '../auth/authService.js';
import { type ImportReport, readInventoryCsv } from '../inventory/inventoryImport.js';
import { type PriceInput, readPrice } from '../inventory/prices.js';
import { type NumberType, productFor } from '../inventory/products.js';
import { decodePageToken, encodePageToken } from '../pageToken.js';
import { AUDIT_RESOURCE_TYPES, auditEntry, DEFAULT_ACTOR } from './audit.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

const NUMBER_TYPES: readonly NumberType[] = ['MOBILE', 'LOCAL', 'TOLL_FREE'];

/** Why each kind of conflict keeps a number out of the inventory, as an import report says it. */
const CONFLICT_REASONS = {
  inventory: 'already in the inventory (available, reserved or rented)',
  imported: 'an imported number hosted here',
  hosting: 'in an open hosting order',
} as const;

export interface PageRequest {
  pageSize?: number;
  pageToken?: string;
}

/** A (region, type) filter as the API takes it: region in any case, type one of the three. */
export interface RegionTypeFilter {
  regionCode?: string;
  type?: string;
}

interface ProjectCursor {
  t: number;
  p: string;
}
interface AuditCursor {
  t: number;
  i: string;
  /** The filters the token was made for: a token is valid with the same filters only. */
  f: string;
}

function pageSize(requested: number | undefined): number {
  return Math.min(requested || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
}

function regionType(filter: RegionTypeFilter): { regionCode?: string; numberType?: NumberType } {
  const numberType = filter.type?.toUpperCase();
  if (numberType && !NUMBER_TYPES.includes(numberType as NumberType)) {
    throw errors.fieldViolation('type', `type must be one of ${NUMBER_TYPES.join(', ')}`);
  }
  return { regionCode: filter.regionCode?.toUpperCase() || undefined, numberType: numberType as NumberType };
}

export interface AdminServiceOptions {
  store: Pick<Store, 'auth' | 'audit' | 'inventory' | 'orders' | 'hostingOrders' | 'qualifiedNumbers'>;
  now: () => number;
  /** Keys are created and revoked through it: it holds the per-process key state. */
  auth: AuthService;
}

/**
 * The operator's functions beyond the reviews (which the orders, hosting and qualified services
 * keep): projects and keys, the inventory and its prices, the audit log, the review desk's counts.
 * Every function that changes something takes `actor` (who did it) and records it in the audit log.
 */
export function createAdminService({ store, now, auth }: AdminServiceOptions) {
  return {
    /** Projects, oldest first, each with its access keys and active numbers counted. */
    async listProjects(request: PageRequest = {}) {
      const limit = pageSize(request.pageSize);
      const cursor = request.pageToken
        ? decodePageToken<ProjectCursor>(
            request.pageToken,
            (c) => Number.isSafeInteger(c.t) && typeof c.p === 'string',
          )
        : undefined;
      const rows = await store.auth.listProjects({
        after: cursor && { at: cursor.t, projectId: cursor.p },
        limit: limit + 1,
        now: now(),
      });
      const projects = rows.slice(0, limit);
      const last = projects[projects.length - 1];
      const nextPageToken =
        rows.length > limit && last
          ? encodePageToken({ t: last.createdAt, p: last.projectId } satisfies ProjectCursor)
          : '';
      return { projects, nextPageToken };
    },

    /** A new project (a UUID when `projectId` is not given); 409 when it exists. */
    createProject(projectId: string | undefined, actor = DEFAULT_ACTOR) {
      return auth.createProject(projectId, actor);
    },

    /** The project's keys, oldest first: ids, times and state, never a secret or its hash. */
    listAccessKeys(projectId: string) {
      return auth.listAccessKeys(projectId);
    },

    /** A new key; `keySecret` is in this answer only. */
    createAccessKey(projectId: string, actor = DEFAULT_ACTOR) {
      return auth.createAccessKey(projectId, actor);
    },

    /** Its Basic credentials and every token issued from it stop working at once. */
    revokeAccessKey(projectId: string, keyId: string, actor = DEFAULT_ACTOR, reason = '') {
      return auth.revokeAccessKey(projectId, keyId, actor, reason);
    },

    /** Per (region, type): available, reserved (held by number orders) and active (rented) numbers. */
    inventorySummary(filter: RegionTypeFilter = {}) {
      return store.inventory.summary(regionType(filter));
    },

    /**
     * Imports a CSV file of numbers (readInventoryCsv has the format): all of them, or, when any
     * row is rejected, none — the report then lists every rejected row and `imported` is 0.
     * A (region, type) without a product gets the generated one (its price table's price).
     */
    async importInventory(csv: string, actor = DEFAULT_ACTOR): Promise<ImportReport> {
      const { accepted, rejected } = await readInventoryCsv(csv);
      const numbers = accepted.map((a) => a.number);
      // Every problem is reported, so one upload shows the operator all there is to fix.
      const report = (conflicts: Map<string, InventoryConflict>): ImportReport => {
        const taken = accepted
          .filter((a) => conflicts.has(a.number.e164))
          .map((a) => ({
            row: a.row,
            phoneNumber: a.number.e164,
            reason: CONFLICT_REASONS[conflicts.get(a.number.e164)!],
          }));
        return { imported: 0, rejected: [...rejected, ...taken].sort((x, y) => x.row - y.row) };
      };
      // With a bad row nothing is imported, but the numbers taken already are reported as well.
      if (rejected.length) return report(await store.inventory.conflicts(numbers.map((n) => n.e164)));
      const perPair = new Map<string, number>();
      for (const n of numbers) {
        const key = `${n.regionCode}/${n.numberType}`;
        perPair.set(key, (perPair.get(key) ?? 0) + 1);
      }
      const at = now();
      const result = await store.inventory.importNumbers({
        numbers,
        products: [...perPair.keys()].map((key) => {
          const [regionCode, numberType] = key.split('/') as [string, NumberType];
          return productFor(regionCode, numberType);
        }),
        audit: [
          auditEntry(at, actor, {
            action: 'IMPORT',
            resourceType: 'Inventory',
            resourceId: newId(at),
            details: { imported: numbers.length, perRegionAndType: Object.fromEntries(perPair) },
          }),
        ],
      });
      // Numbers in the inventory already (or imported, or being hosted): nothing was written.
      if ('conflicts' in result) return report(result.conflicts);
      return { imported: result.imported, rejected: [] };
    },

    /** Products with their prices; `priceSetAt` null where the generated price table's price holds. */
    listPrices(filter: RegionTypeFilter = {}) {
      return store.inventory.listPrices(regionType(filter));
    },

    /**
     * Sets a product's prices: new searches, rentals and number orders get them; rented numbers
     * and orders already created keep the price they were given. 404 for a pair not sold here.
     */
    async setPrice(regionCode: string, type: string, input: PriceInput, actor = DEFAULT_ACTOR) {
      const pair = regionType({ regionCode, type });
      if (!pair.regionCode || !pair.numberType)
        throw errors.fieldViolation('type', 'regionCode and type are required');
      const price = readPrice(input);
      const at = now();
      const updated = await store.inventory.setPrice(
        pair.regionCode,
        pair.numberType,
        price,
        at,
        (before) => [
          auditEntry(at, actor, {
            action: 'SET',
            resourceType: 'Price',
            resourceId: `${pair.regionCode}/${pair.numberType}`,
            details: {
              before: {
                currencyCode: before.currencyCode,
                setupPrice: before.setupPrice,
                monthlyPrice: before.monthlyPrice,
              },
              after: price,
            },
          }),
        ],
      );
      if (!updated) {
        throw errors.notFound(
          'NumberProduct',
          `${pair.regionCode}/${pair.numberType}`,
          `${pair.regionCode} ${pair.numberType} numbers are not sold here; import some first`,
        );
      }
      return updated;
    },

    /** The audit log, newest first, filtered by project, resource type or resource id. */
    async listAuditLog(request: PageRequest & Omit<AuditQuery, 'before' | 'limit'> = {}) {
      if (request.resourceType && !AUDIT_RESOURCE_TYPES.includes(request.resourceType as never)) {
        throw errors.fieldViolation(
          'resourceType',
          `resourceType is one of ${AUDIT_RESOURCE_TYPES.join(', ')}`,
        );
      }
      const filters = JSON.stringify([request.projectId, request.resourceType, request.resourceId]);
      const limit = pageSize(request.pageSize);
      const cursor = request.pageToken
        ? decodePageToken<AuditCursor>(
            request.pageToken,
            (c) => Number.isSafeInteger(c.t) && typeof c.i === 'string' && c.f === filters,
          )
        : undefined;
      const rows = await store.audit.list({
        projectId: request.projectId,
        resourceType: request.resourceType,
        resourceId: request.resourceId,
        before: cursor && { at: cursor.t, id: cursor.i },
        limit: limit + 1,
      });
      const entries = rows.slice(0, limit);
      const last = entries[entries.length - 1];
      const nextPageToken =
        rows.length > limit && last
          ? encodePageToken({ t: last.at, i: last.id, f: filters } satisfies AuditCursor)
          : '';
      return { entries, nextPageToken };
    },

    /**
     * The review desk's queues, counted: number orders IN_REVIEW, qualified numbers waiting for
     * an eligibility decision or blocked, hosting orders SUBMITTED. The queues themselves:
     * `orders.listOrders`, `qualified.queue`, `hosting.listForReview` (oldest first).
     */
    async reviewCounts() {
      const [numberOrders, qualifiedNumbers, blockedQualifiedNumbers, hostingOrders] = await Promise.all([
        store.orders.countByState('IN_REVIEW'),
        store.qualifiedNumbers.countByState('ELIGIBLE_CHECK_PENDING'),
        store.qualifiedNumbers.countByState('VERIFICATION_BLOCKED'),
        store.hostingOrders.countByState('SUBMITTED'),
      ]);
      return { numberOrders, qualifiedNumbers, blockedQualifiedNumbers, hostingOrders };
    },
  };
}

export type AdminService = ReturnType<typeof createAdminService>;
