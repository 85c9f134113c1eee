import { createHash } from 'node:crypto';
import { errors } from '../../errors.js';
import { newId, newSecret } from '../../ids.js';
import { hostingStepJob } from '../../jobs/hostingStep.js';
import type { Mailer, MailMessage } from '../../mail/mailer.js';
import type { HostingChange, HostingListQuery, HostingOrderOrder } from '../../store/hostingOrders/port.js';
import type { Store } from '../../store/types.js';
import { type AuditEntry, auditEntry, DEFAULT_ACTOR, SANDBOX_ACTOR } from '../admin/audit.js';
import { decodePageToken, encodePageToken } from '../pageToken.js';
import {
  DEFAULT_IMPORT_LIMIT,
  type HostingOrderNumberRecord,
  type HostingOrderRecord,
  type HostingOrderState,
  type HostingRequest,
  type HostingRequestKind,
  importedFromHosting,
  newOrderNumber,
  parseHostingRequest,
  type ReviewRecord,
  reportOf,
  type SignatureRecord,
  type Stage,
  type StepStateFilter,
  TEXT_ENABLE_LIMIT,
} from './hostingOrder.js';
import {
  approved,
  carrierStep,
  isOpen,
  rejected,
  type StepContext,
  signed,
  submitted,
  type Transition,
} from './hostingState.js';
import { loaPdf } from './loaDocument.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface HostingServiceOptions {
  store: Pick<Store, 'hostingOrders' | 'mail' | 'auth'>;
  now: () => number;
  /** Clock time of each step of an order (review in the sandbox, each carrier step). */
  stepMs: number;
  /** Sandbox: submitted orders are reviewed by themselves after one step. */
  autoReview: boolean;
  mailer: Mailer;
  /** The base URL of the signing links (OPEN_NUMBERS_PUBLIC_URL). */
  publicUrl: string;
}

export interface HostingListRequest {
  states?: HostingOrderState[];
  type?: HostingOrderRecord['type'];
  servicePlanId?: string;
  campaignId?: string;
  regionCode?: string;
  orderBy?: HostingOrderOrder;
  pageSize?: number;
  pageToken?: string;
}

export interface NumbersListRequest {
  osrUpdateState?: StepStateFilter;
  campaignProvisioningState?: StepStateFilter;
  platformProvisioningState?: StepStateFilter;
  pageSize?: number;
  pageToken?: string;
}

/** Why a signing link is refused: the page the signer sees says so. */
export type SigningRefusal = 'unknown' | 'used' | 'rejected' | 'closed';

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const notFound = (id: string) => errors.notFound('HostingOrder', id, 'The hosting order could not be found.');

function pageSize(requested: number | undefined): number {
  return Math.min(requested || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
}

/** The hosting orders workflow (seed 003 workflows B, D, E; docs/decisions.md "Hosting orders"). */
export function createHostingService({
  store,
  now,
  stepMs,
  autoReview,
  mailer,
  publicUrl,
}: HostingServiceOptions) {
  const ctxAt = (at: number): StepContext => ({ now: at, stepMs, autoReview, newId: () => newId(at) });

  /** A transition as the store writes it: its next step as a job, its finished numbers imported. */
  function changeOf(t: Transition, extra: Partial<HostingChange> = {}): HostingChange {
    const at = t.order.updatedAt;
    return {
      order: t.order,
      numbers: t.numbers,
      events: t.events,
      jobs: t.next
        ? [hostingStepJob(t.order.projectId, t.order.hostingOrderId, t.next.stage, t.next.runAt)]
        : [],
      ...(t.finished
        ? {
            finished: {
              imported: t.finished.imported.map((n) => importedFromHosting(t.order, n, at)),
              outcomes: t.finished.outcomes,
            },
          }
        : {}),
      ...extra,
    };
  }

  /** The LOA and its mail, made before the transaction that starts the wait for the signature. */
  async function prepareLoa(order: HostingOrderRecord, numbers: HostingOrderNumberRecord[], at: number) {
    const token = newSecret();
    const link = `${publicUrl.replace(/\/$/, '')}/loa/${token}`;
    const person = order.textEnableInfo?.authorisedPerson;
    const pdf = await loaPdf(
      order,
      numbers.map((n) => n.phoneNumber),
    );
    const mail: MailMessage[] = person
      ? [
          mailer.compose(
            person.email,
            `Please sign the Letter of Authorization for hosting order ${order.hostingOrderId}`,
            [
              `Hello ${person.firstName} ${person.lastName},`,
              '',
              `A Letter of Authorization is waiting for your signature: it lets us text-enable ${numbers.length} number(s)`,
              `(hosting order ${order.hostingOrderId}${order.textEnableInfo?.businessName ? ` for ${order.textEnableInfo.businessName}` : ''}).`,
              '',
              'Read and sign it here:',
              link,
              '',
              'The link works once. If you did not expect this message, ignore it.',
            ].join('\n'),
            [link],
            at,
          ),
        ]
      : [];
    return { loa: { tokenHash: tokenHash(token), pdf }, mail };
  }

  /**
   * Moves an order on from `stage` (when it is still there): review → signature or carrier
   * work, carrier step → next step or the end. `review` records an operator's approval.
   */
  async function moveFrom(order: HostingOrderRecord, stage: Stage, review: ReviewRecord | null = null) {
    const at = now();
    const ctx = ctxAt(at);
    const needsLoa = stage === 'REVIEW' && (order.loa === 'DIRECT' || order.loa === 'RESELLER');
    const prepared = needsLoa
      ? await prepareLoa(order, await store.hostingOrders.allNumbers(order.hostingOrderId), at)
      : undefined;
    return store.hostingOrders.update(order.projectId, order.hostingOrderId, (current, numbers, known) => {
      if (current.stage !== stage) return null;
      if (stage === 'REVIEW') {
        const t = approved(current, numbers, review, ctx);
        return changeOf(t, {
          ...(t.loaRequested && prepared ? prepared : {}),
          audit: review ? [reviewAudit(current, review)] : [],
        });
      }
      if (stage === 'OSR' || stage === 'PLATFORM' || stage === 'CAMPAIGN') {
        return changeOf(
          carrierStep(current, numbers, { ...ctx, importedElsewhere: known.importedElsewhere }),
        );
      }
      return null;
    });
  }

  async function signAs(order: HostingOrderRecord, signature: SignatureRecord) {
    const numbers = await store.hostingOrders.allNumbers(order.hostingOrderId);
    const pdf = await loaPdf(
      order,
      numbers.map((n) => n.phoneNumber),
      signature,
    );
    const ctx = ctxAt(signature.at);
    return store.hostingOrders.update(order.projectId, order.hostingOrderId, (current, all) => {
      if (current.stage !== 'LOA') return null;
      return changeOf(signed(current, all, signature, ctx), { signedLoa: { pdf, signature } });
    });
  }

  /** The audit of an approval the sandbox gives by itself. */
  function sandboxReview(reason: string): ReviewRecord {
    return { decision: 'APPROVED', reviewer: SANDBOX_ACTOR, reason, at: now() };
  }

  /** The audit log entry of a review: the reviewer is its actor. */
  function reviewAudit(order: HostingOrderRecord, review: ReviewRecord): AuditEntry {
    return auditEntry(review.at, review.reviewer, {
      action: 'REVIEW',
      resourceType: 'HostingOrder',
      resourceId: order.hostingOrderId,
      projectId: order.projectId,
      reason: review.reason,
      details: { decision: review.decision },
    });
  }

  async function orderOrNotFound(projectId: string, id: string) {
    const order = await store.hostingOrders.get(projectId, id);
    if (!order) throw notFound(id);
    return order;
  }

  async function importLimit(projectId: string) {
    return (await store.hostingOrders.getImportLimit(projectId)) ?? DEFAULT_IMPORT_LIMIT;
  }

  /** The order a signing token opens, or why the link does not work (any more). */
  async function bySigningToken(token: string): Promise<HostingOrderRecord | SigningRefusal> {
    if (!/^[A-Za-z0-9_-]{16,100}$/.test(token)) return 'unknown';
    const order = await store.hostingOrders.findByTokenHash(tokenHash(token));
    if (!order) return 'unknown';
    if (order.state === 'REJECTED') return 'rejected';
    if (order.signature) return 'used';
    if (order.stage !== 'LOA') return 'closed';
    return order;
  }

  return {
    importLimit,

    async create(projectId: string, kind: HostingRequestKind, body: HostingRequest) {
      const at = now();
      const limit = kind === 'import' ? await importLimit(projectId) : TEXT_ENABLE_LIMIT;
      const parsed = parseHostingRequest(projectId, kind, body, limit);
      const draft: HostingOrderRecord = {
        ...parsed.order,
        hostingOrderId: newId(at),
        state: 'DRAFT',
        stage: 'REVIEW',
        createdAt: at,
        updatedAt: at,
      };
      const t = submitted(draft, ctxAt(at));
      const numbers = parsed.numbers.map((n) => newOrderNumber(draft, n, at));
      const result = await store.hostingOrders.create(
        { ...changeOf(t), numbers },
        { claimQualified: parsed.order.qualified },
      );
      if ('conflict' in result) {
        const { phoneNumber, reason } = result.conflict;
        if (reason === 'inventory') throw errors.sinchNumberNotImportable(phoneNumber);
        if (reason === 'imported') throw errors.alreadyExists('ImportedNumber', phoneNumber);
        throw errors.hostingNumberInOpenOrder(phoneNumber);
      }
      if ('notVerified' in result) {
        throw errors.invalidArgument(
          `Only VERIFIED qualified numbers can be text-enabled: ${result.notVerified.join(', ')}`,
          result.notVerified.map((n) => ({
            field: `numbers[${parsed.numbers.indexOf(n)}]`,
            description: `${n} is not a verified qualified number of this project`,
          })),
        );
      }
      return result;
    },

    async list(projectId: string, query: HostingListRequest) {
      const orderBy = query.orderBy ?? 'createdTime';
      const limit = pageSize(query.pageSize);
      const cursor = query.pageToken
        ? decodePageToken<{ o: string; t: number; i: string }>(
            query.pageToken,
            (c) => c.o === orderBy && Number.isSafeInteger(c.t) && typeof c.i === 'string',
          )
        : undefined;
      const q: HostingListQuery = {
        projectId,
        states: query.states,
        type: query.type,
        servicePlanId: query.servicePlanId,
        campaignId: query.campaignId,
        regionCode: query.regionCode,
        orderBy,
        after: cursor && { at: cursor.t, id: cursor.i },
        limit: limit + 1,
      };
      const { records, totalSize } = await store.hostingOrders.list(q);
      const page = records.slice(0, limit);
      const last = page[page.length - 1];
      const nextPageToken =
        records.length > limit && last
          ? encodePageToken({
              o: orderBy,
              t: orderBy === 'createdTime' ? last.createdAt : last.updatedAt,
              i: last.hostingOrderId,
            })
          : '';
      return { records: page, nextPageToken, totalSize };
    },

    get: orderOrNotFound,

    async report(projectId: string, id: string) {
      const order = await orderOrNotFound(projectId, id);
      return reportOf(order, await store.hostingOrders.allNumbers(id));
    },

    async numbers(projectId: string, id: string, query: NumbersListRequest) {
      await orderOrNotFound(projectId, id);
      const limit = pageSize(query.pageSize);
      const after = query.pageToken
        ? decodePageToken<{ p: string }>(query.pageToken, (c) => typeof c.p === 'string').p
        : undefined;
      const { records, totalSize } = await store.hostingOrders.numbers({
        hostingOrderId: id,
        osrUpdateState: query.osrUpdateState,
        campaignProvisioningState: query.campaignProvisioningState,
        platformProvisioningState: query.platformProvisioningState,
        after,
        limit: limit + 1,
      });
      const page = records.slice(0, limit);
      const last = page[page.length - 1];
      const nextPageToken = records.length > limit && last ? encodePageToken({ p: last.phoneNumber }) : '';
      return { records: page, nextPageToken, totalSize };
    },

    async getNumber(projectId: string, id: string, phoneNumber: string) {
      await orderOrNotFound(projectId, id);
      const record = await store.hostingOrders.getNumber(id, phoneNumber);
      if (!record) {
        throw errors.notFound(
          'HostingOrderNumber',
          phoneNumber,
          'The phone number is not in this hosting order.',
        );
      }
      return record;
    },

    /** The LOA as the project downloads it: signed once signed, the letter to sign before. */
    async loa(projectId: string, id: string) {
      await orderOrNotFound(projectId, id);
      const loa = await store.hostingOrders.getLoa(id);
      if (!loa) {
        throw errors.notFound(
          'HostingOrderLoa',
          id,
          'This hosting order has no Letter of Authorization (an import, a blanket LOA, or not reviewed yet).',
        );
      }
      return { pdf: loa.signedPdf ?? loa.pdf, signed: loa.signedPdf !== null, signature: loa.signature };
    },

    /** A job: moves the order on from `stage` if it is still there (a re-run does nothing). */
    async step(projectId: string, id: string, stage: Stage) {
      const order = await store.hostingOrders.get(projectId, id);
      if (!order || order.stage !== stage) return;
      await moveFrom(order, stage, stage === 'REVIEW' ? sandboxReview('automatic review') : null);
    },

    /**
     * Sandbox: moves one order to its next state at once. Waiting for the signature, the LOA
     * is signed in the authorised person's name (via "sandbox advance"); in progress, every
     * remaining carrier step runs.
     */
    async advance(id: string) {
      let order = await store.hostingOrders.getById(id);
      if (!order) throw notFound(id);
      if (!isOpen(order)) {
        throw errors.failedPrecondition(`Hosting order ${id} is ${order.state}; it does not move any more`);
      }
      const from = order.state;
      for (let i = 0; i < 5 && order && order.state === from; i++) {
        if (order.stage === 'LOA') {
          const person = order.textEnableInfo?.authorisedPerson;
          order = await signAs(order, {
            fullName: person ? `${person.firstName} ${person.lastName}` : 'sandbox',
            ip: '',
            at: now(),
            via: 'sandbox advance',
          });
        } else {
          order = await moveFrom(
            order,
            order.stage,
            order.stage === 'REVIEW' ? sandboxReview('sandbox advance') : null,
          );
        }
      }
      return order!;
    },

    /** The operator's decision on an order: approve (SUBMITTED only) or reject (until it is in progress). */
    async review(
      projectId: string,
      id: string,
      decision: 'APPROVE' | 'REJECT',
      reason: string,
      reviewer: string = DEFAULT_ACTOR,
    ) {
      const order = await orderOrNotFound(projectId, id);
      const record: ReviewRecord = {
        decision: decision === 'APPROVE' ? 'APPROVED' : 'REJECTED',
        reviewer,
        reason,
        at: now(),
      };
      if (decision === 'APPROVE') {
        if (order.stage !== 'REVIEW') {
          throw errors.failedPrecondition(`Only a SUBMITTED order can be approved; ${id} is ${order.state}`);
        }
        const result = await moveFrom(order, 'REVIEW', record);
        if (result?.stage === 'REVIEW')
          throw errors.failedPrecondition(`Hosting order ${id} could not move on`);
        return result!;
      }
      if (!reason.trim()) throw errors.fieldViolation('reason', 'A rejection needs a reason');
      const ctx = ctxAt(record.at);
      const result = await store.hostingOrders.update(projectId, id, (current, numbers) => {
        if (current.stage !== 'REVIEW' && current.stage !== 'LOA') {
          throw errors.failedPrecondition(
            `Only a SUBMITTED or WAITING_FOR_LOA_SIGNATURE order can be rejected; ${id} is ${current.state}`,
          );
        }
        return changeOf(rejected(current, numbers, reason, record, ctx), {
          audit: [reviewAudit(current, record)],
        });
      });
      return result!;
    },

    /** The mail log, newest first. */
    listMail(filter: { to?: string; limit: number }) {
      return store.mail.list(filter);
    },

    listForReview(filter: { state?: HostingOrderState; projectId?: string; limit: number }) {
      return store.hostingOrders.listAll(filter);
    },

    async getSettings(projectId: string) {
      if (!(await store.auth.getProject(projectId))) throw errors.projectNotFound(projectId);
      return { projectId, importNumbersLimit: await importLimit(projectId) };
    },

    async setImportLimit(projectId: string, limit: number) {
      if (!(await store.auth.getProject(projectId))) throw errors.projectNotFound(projectId);
      await store.hostingOrders.setImportLimit(projectId, limit, now());
      return { projectId, importNumbersLimit: limit };
    },

    /** Operator download of an order's LOA (signed when signed). */
    async adminLoa(id: string) {
      const order = await store.hostingOrders.getById(id);
      if (!order) throw notFound(id);
      return this.loa(order.projectId, id);
    },

    /** The signing page's order: the LOA details and numbers, or why the link does not work. */
    async signingView(token: string) {
      const order = await bySigningToken(token);
      if (typeof order === 'string') return order;
      const numbers = await store.hostingOrders.allNumbers(order.hostingOrderId);
      return { order, numbers: numbers.map((n) => n.phoneNumber) };
    },

    /** A signature from the signing page: the order moves on, the signed LOA is stored. */
    async sign(token: string, form: { fullName: string; ip: string }) {
      const order = await bySigningToken(token);
      if (typeof order === 'string') return order;
      const signature: SignatureRecord = {
        fullName: form.fullName,
        ip: form.ip,
        at: now(),
        via: 'signing page',
      };
      const result = await signAs(order, signature);
      // Nothing changed: the order moved on meanwhile. Rejected by an operator (410), or
      // signed by another request (the link is used).
      if (result?.state === 'REJECTED') return 'rejected' as const;
      const mine =
        result?.signature?.fullName === signature.fullName &&
        result.signature.ip === signature.ip &&
        result.signature.at === signature.at &&
        result.signature.via === signature.via;
      return mine ? result : ('used' as const);
    },
  };
}

export type HostingService = ReturnType<typeof createHostingService>;
