import { errors, type FieldViolation } from '../../errors.js';
import { newId } from '../../ids.js';
import { autoReviewJob } from '../../jobs/orderAutoReview.js';
import { expiryJob } from '../../jobs/orderExpiry.js';
import type { Store } from '../../store/types.js';
import { type AuditEntry, auditEntry, DEFAULT_ACTOR, SANDBOX_ACTOR } from '../admin/audit.js';
import type { Product } from '../inventory/products.js';
import { assertConfigurationFits, masksIncluding } from '../numbers/capabilities.js';
import { templateLinks } from './attachmentTemplates.js';
import { effectiveState, type NumberOrderRecord, orderEvent, RESERVATION_MS } from './numberOrder.js';
import { type CreateOrderRequest, createOrderViolations, orderConfiguration } from './orderRequests.js';
import { assertEditable, type ReviewDecision, sandboxDecision, transition } from './orderState.js';
import { type KycPolicy, parsePolicy, validateRegistration } from './policyFile.js';
import { decisionChange } from './reviewDecision.js';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Orders in CREATED (each holding its numbers) a project may have at once. */
export const MAX_OPEN_ORDERS_PER_PROJECT = 50;
/** KYC data is a few fields; documents go in attachments. */
export const MAX_REGISTRATION_BYTES = 64 * 1024;

export interface UploadedFile {
  content: Buffer;
  fileName: string;
  /** Whatever the client declared; the content decides. */
  declaredMimeType: string;
  /** Detected from the bytes, or undefined when unknown. */
  detectedMimeType: string | undefined;
}

export interface OrdersServiceOptions {
  /** Only the ports it uses. */
  store: Pick<Store, 'inventory' | 'orders' | 'policies'>;
  now: () => number;
  /** Sandbox mode reviews submitted orders by itself after `reviewDelayMs`. */
  autoReview: boolean;
  reviewDelayMs: number;
  provisioningDelayMs: number;
}

/** The audit log entry of a review decision. */
function reviewAudit(
  order: NumberOrderRecord,
  decision: ReviewDecision,
  reason: string,
  actor: string,
  at: number,
): AuditEntry {
  return auditEntry(at, actor, {
    action: 'REVIEW',
    resourceType: 'NumberOrder',
    resourceId: order.orderId,
    projectId: order.projectId,
    reason,
    details: { decision },
  });
}

/** The KYC number order workflow (contract §9; seeds 000 and 001). */
export function createOrdersService({
  store,
  now,
  autoReview,
  reviewDelayMs,
  provisioningDelayMs,
}: OrdersServiceOptions) {
  const parsed = new Map<string, KycPolicy>();

  async function policyFor(regionCode: string, numberType: string): Promise<KycPolicy | undefined> {
    const stored = await store.policies.getLatest(regionCode, numberType);
    if (!stored) return undefined;
    const key = `${regionCode}/${numberType}/${stored.version}`;
    let policy = parsed.get(key);
    if (!policy) {
      policy = parsePolicy(stored.document, { enforceLimits: false });
      parsed.set(key, policy);
    }
    return policy;
  }

  async function orderOrNotFound(projectId: string, orderId: string): Promise<NumberOrderRecord> {
    const order = await store.orders.get(projectId, orderId);
    if (!order) throw errors.numberOrderNotFound(orderId);
    return order;
  }

  async function productOf(order: Pick<NumberOrderRecord, 'regionCode' | 'numberType'>): Promise<Product> {
    const product = await store.inventory.getProduct(order.regionCode, order.numberType);
    if (!product) throw errors.internal();
    return product;
  }

  function eventId(at: number) {
    return newId(at);
  }

  return {
    policyFor,

    /**
     * The requirements of a product: `fields` (schema, rules, attachments, …) and the attachments
     * again at the top level, as the document's `NumberRequirements`; each attachment's
     * `template` lists its downloadable forms under `publicUrl`.
     */
    async lookupRequirements(body: { regionCode?: string; numberType?: string }, publicUrl: string) {
      const violations: FieldViolation[] = [];
      if (!body.regionCode) violations.push({ field: 'regionCode', description: 'regionCode is required' });
      if (!body.numberType) violations.push({ field: 'numberType', description: 'numberType is required' });
      if (violations.length) throw errors.invalidArgument(violations[0]!.description, violations);
      const policy = await policyFor(body.regionCode!.toUpperCase(), body.numberType!);
      if (!policy) throw errors.requirementsNotFound();
      const attachments = policy.attachments.map(({ templates, ...attachment }) => ({
        id: attachment.id,
        title: attachment.title,
        description: attachment.description,
        mandatory: attachment.mandatory,
        template: templateLinks(publicUrl, templates),
        allowedMimeTypes: attachment.allowedMimeTypes,
        allowedDocumentTypes: attachment.allowedDocumentTypes,
      }));
      return {
        fields: {
          schema: policy.dataSchema,
          rules: policy.rules,
          attachments,
          version: policy.version,
          title: policy.title,
          quantityOrdersSupported: policy.quantityOrdersSupported,
        },
        attachments,
      };
    },

    async createOrder(projectId: string, request: CreateOrderRequest) {
      const at = now();
      const byNumber = request.numberOrderOption;
      const byQuantity = request.quantityOrderOption;
      const violations = createOrderViolations(request);
      if (violations.length) throw errors.invalidArgument(violations[0]!.description, violations);

      const regionCode = request.regionCode!.toUpperCase();
      const numberType = request.numberType!;
      // Every product is orderable; those with a KYC policy also need a registration (and documents).
      const product = await store.inventory.getProduct(regionCode, numberType);
      if (!product) {
        throw errors.invalidArgument(`${regionCode} ${numberType} numbers are not sold here`, [
          { field: 'regionCode', description: `There is no ${regionCode} ${numberType} product` },
        ]);
      }
      // An SMS configuration on voice-only numbers (or the reverse) could never be applied.
      assertConfigurationFits(product.capabilities, request, `${regionCode} ${numberType} numbers`);
      const policy = await policyFor(regionCode, numberType);
      if (byQuantity && policy && !policy.quantityOrdersSupported) {
        throw errors.fieldViolation(
          'quantityOrderOption',
          `${regionCode} ${numberType} orders need a specific phone number`,
        );
      }
      const configuration = orderConfiguration(request, at);
      // Each open order holds numbers for 48 hours; without a cap one project could hold them all.
      const open = await store.orders.list({
        state: 'CREATED',
        projectId,
        limit: MAX_OPEN_ORDERS_PER_PROJECT + 1,
      });
      if (open.filter((o) => effectiveState(o, at) === 'CREATED').length >= MAX_OPEN_ORDERS_PER_PROJECT) {
        throw errors.failedPrecondition(
          `The project has ${MAX_OPEN_ORDERS_PER_PROJECT} open number orders; submit or let some expire first`,
        );
      }

      if (byNumber) {
        for (const phone of byNumber.phoneNumbers!) {
          const row = await store.inventory.getAvailable(phone);
          if (!row) throw errors.availableNumberNotFound(phone);
          if (row.regionCode !== regionCode || row.numberType !== numberType) {
            throw errors.fieldViolation(
              'numberOrderOption.phoneNumbers',
              `${phone} is a ${row.regionCode} ${row.numberType} number`,
            );
          }
        }
      }
      const orderId = newId(at);
      const created = await store.orders.create(
        byNumber
          ? { phoneNumbers: byNumber.phoneNumbers! }
          : {
              search: {
                regionCode,
                numberType,
                pattern: byQuantity!.numberPattern,
                capabilityMasks: masksIncluding(byQuantity!.capabilities),
              },
              quantity: byQuantity!.requestedQuantity!,
            },
        (rows) => {
          const order: NumberOrderRecord = {
            orderId,
            projectId,
            regionCode,
            numberType,
            state: 'CREATED',
            orderNumbers: rows.map((row) => ({
              phoneNumber: row.e164,
              numberId: row.id,
              capabilities: row.capabilities,
              setupPrice: { currencyCode: product.currencyCode, amount: product.setupPrice },
              monthlyPrice: { currencyCode: product.currencyCode, amount: product.monthlyPrice },
              paymentIntervalMonths: product.paymentIntervalMonths,
            })),
            ...configuration,
            callbackUrl: request.callbackUrl ?? '',
            // 0: no KYC policy, nothing to register.
            policyVersion: policy?.version ?? 0,
            registration: null,
            rejectionReason: '',
            createdAt: at,
            updatedAt: at,
            expireAt: at + RESERVATION_MS,
            submittedAt: null,
          };
          return { order, jobs: [expiryJob(projectId, orderId, order.expireAt)] };
        },
      );
      if (!created) {
        if (byNumber) throw errors.availableNumberNotFound(byNumber.phoneNumbers![0]!);
        throw errors.notFound(
          'AvailableNumber',
          '',
          `Fewer than ${byQuantity!.requestedQuantity} available numbers match quantityOrderOption; none was reserved`,
        );
      }
      return created;
    },

    async getOrder(projectId: string, orderId: string) {
      return orderOrNotFound(projectId, orderId);
    },

    async getRegistration(projectId: string, orderId: string) {
      const order = await orderOrNotFound(projectId, orderId);
      return { order, attachments: await store.orders.listAttachments(orderId) };
    },

    /** Validated synchronously against the policy; a valid registration replaces the previous one. */
    async updateRegistration(projectId: string, orderId: string, data: unknown) {
      const order = await orderOrNotFound(projectId, orderId);
      const policy = await policyFor(order.regionCode, order.numberType);
      if (data === undefined)
        throw errors.fieldViolation('data', 'data is required (or requestDetails.data)');
      if (JSON.stringify(data).length > MAX_REGISTRATION_BYTES) {
        throw errors.fieldViolation(
          'data',
          `The registration is larger than ${MAX_REGISTRATION_BYTES} bytes`,
        );
      }
      // Without a KYC policy the registration is optional and free-form.
      const violations = policy ? validateRegistration(policy, data) : [];
      if (violations.length)
        throw errors.invalidArgument('The registration does not meet the requirements', violations);
      const at = now();
      const updated = await store.orders.update(projectId, orderId, (current) => {
        assertEditable(current, at, 'updating the registration');
        return { order: { ...current, registration: data, updatedAt: at } };
      });
      if (!updated) throw errors.numberOrderNotFound(orderId);
      return { order: updated, attachments: await store.orders.listAttachments(orderId) };
    },

    async uploadAttachment(
      projectId: string,
      orderId: string,
      attachmentId: string,
      file: UploadedFile | undefined,
      documentType: string | undefined,
    ) {
      const order = await orderOrNotFound(projectId, orderId);
      const at = now();
      assertEditable(order, at, 'uploading attachments');
      const policy = await policyFor(order.regionCode, order.numberType);
      const definition = policy?.attachments.find((a) => a.id === attachmentId);
      if (!definition) {
        throw errors.fieldViolation(
          'attachmentId',
          `"${attachmentId}" is not an attachment of the ${order.regionCode} ${order.numberType} requirements`,
        );
      }
      if (!file) throw errors.fieldViolation('file', 'A multipart part named "file" is required');
      if (!file.detectedMimeType || !definition.allowedMimeTypes.includes(file.detectedMimeType)) {
        throw errors.fieldViolation(
          'file',
          `The file's content is ${file.detectedMimeType ?? 'of an unknown type'}; allowed: ${definition.allowedMimeTypes.join(', ')}`,
        );
      }
      if (!documentType || !definition.allowedDocumentTypes.includes(documentType)) {
        throw errors.fieldViolation(
          'documentType',
          `documentType must be one of ${definition.allowedDocumentTypes.join(', ')}`,
        );
      }
      const stored = await store.orders.putAttachment(
        projectId,
        orderId,
        {
          attachmentId,
          fileName: file.fileName,
          mimeType: file.detectedMimeType,
          documentType,
          size: file.content.length,
          content: file.content,
          createdAt: at,
          updatedAt: at,
        },
        (current) => assertEditable(current, at, 'uploading attachments'),
      );
      if (!stored) throw errors.numberOrderNotFound(orderId);
      return stored;
    },

    /** CREATED → IN_REVIEW when the registration is valid and every mandatory attachment is there. */
    async submit(projectId: string, orderId: string) {
      const order = await orderOrNotFound(projectId, orderId);
      const at = now();
      assertEditable(order, at, 'submitting');
      const policy = await policyFor(order.regionCode, order.numberType);
      const missing: FieldViolation[] = [];
      if (!policy) {
        // No KYC requirements: nothing to check.
      } else if (order.registration === null) {
        missing.push({ field: 'registration', description: 'No registration yet: PUT …/registration first' });
      } else {
        missing.push(...validateRegistration(policy, order.registration));
      }
      const uploaded = new Set((await store.orders.listAttachments(orderId)).map((a) => a.attachmentId));
      for (const attachment of policy?.attachments ?? []) {
        if (attachment.mandatory && !uploaded.has(attachment.id)) {
          missing.push({
            field: `attachments.${attachment.id}`,
            description: `Mandatory attachment missing: ${attachment.title}`,
          });
        }
      }
      if (missing.length) throw errors.failedPrecondition('The order is not complete', missing);
      const submitted = await store.orders.update(projectId, orderId, (current) => {
        const next = transition(current, 'IN_REVIEW', at);
        const jobs = autoReview ? [autoReviewJob(projectId, orderId, at + reviewDelayMs)] : [];
        return { order: next, jobs, events: orderEvent(next, 'IN_REVIEW', eventId(at), at) };
      });
      if (!submitted) throw errors.numberOrderNotFound(orderId);
      return submitted;
    },

    /**
     * The operator's (or a test's) decision on an order in review; `actor` (who decided) goes to
     * the audit log with the decision and its reason, in the same transaction.
     */
    async review(
      projectId: string,
      orderId: string,
      decision: ReviewDecision,
      reason: string,
      actor = DEFAULT_ACTOR,
    ) {
      if (decision !== 'COMPLETED' && !reason.trim()) {
        throw errors.fieldViolation('reason', `A ${decision} decision needs a reason`);
      }
      const order = await orderOrNotFound(projectId, orderId);
      const product = await productOf(order);
      const at = now();
      const decided = await store.orders.update(projectId, orderId, (current) => ({
        ...decisionChange(current, decision, reason, product, at, provisioningDelayMs),
        audit: [reviewAudit(current, decision, reason, actor, at)],
      }));
      if (!decided) throw errors.numberOrderNotFound(orderId);
      return decided;
    },

    /** Operator review queue: orders with their registration and attachment list. */
    async listOrders(filter: { state?: string; projectId?: string; limit: number }) {
      const orders = await store.orders.list({
        ...filter,
        state: filter.state as NumberOrderRecord['state'] | undefined,
      });
      return Promise.all(
        orders.map(async (order) => ({
          order,
          attachments: await store.orders.listAttachments(order.orderId),
        })),
      );
    },

    async attachmentContent(projectId: string, orderId: string, attachmentId: string) {
      await orderOrNotFound(projectId, orderId);
      const found = await store.orders.getAttachment(orderId, attachmentId);
      if (!found)
        throw errors.notFound(
          'Attachment',
          attachmentId,
          `No attachment ${attachmentId} on order ${orderId}`,
        );
      return found;
    },

    /** Records the expiry of a reservation that ran out, releasing its numbers. */
    async recordExpiry(projectId: string, orderId: string) {
      const at = now();
      await store.orders.update(projectId, orderId, (current) => {
        if (current.state !== 'CREATED' || effectiveState(current, at) !== 'EXPIRED') return null;
        const expired = transition(current, 'EXPIRED', at);
        return {
          order: expired,
          releaseNumbers: true,
          events: orderEvent(expired, 'EXPIRED', eventId(at), at),
        };
      });
    },

    /** Sandbox: decides a submitted order by the documented magic values. */
    async autoReview(projectId: string, orderId: string) {
      const order = await store.orders.get(projectId, orderId);
      if (order?.state !== 'IN_REVIEW') return;
      const product = await productOf(order);
      const at = now();
      await store.orders.update(projectId, orderId, (current) => {
        // A job of an earlier submission (before a request for information) leaves the new one be.
        if (current.state !== 'IN_REVIEW' || (current.submittedAt ?? 0) + reviewDelayMs > at) return null;
        const { decision, reason } = sandboxDecision(current);
        return {
          ...decisionChange(current, decision, reason, product, at, provisioningDelayMs),
          audit: [reviewAudit(current, decision, reason, SANDBOX_ACTOR, at)],
        };
      });
    },
  };
}

export type OrdersService = ReturnType<typeof createOrdersService>;
