import { type ApiError, errors } from '../../errors.js';
import { effectiveState, type NumberOrderRecord, type OrderState } from './numberOrder.js';

/**
 * The order state machine: CREATED → IN_REVIEW (submit) → COMPLETED | REJECTED | BLOCKED (review);
 * IN_REVIEW → CREATED when the reviewer asks for more information; CREATED → EXPIRED when the
 * reservation ends. Every other move is refused.
 */
const TRANSITIONS: Record<OrderState, readonly OrderState[]> = {
  CREATED: ['IN_REVIEW', 'EXPIRED'],
  IN_REVIEW: ['COMPLETED', 'REJECTED', 'BLOCKED', 'CREATED'],
  COMPLETED: [],
  REJECTED: [],
  BLOCKED: [],
  EXPIRED: [],
};

/** REQUEST_INFORMATION sends the order back to CREATED, its reason logged for the customer. */
export const REVIEW_DECISIONS = ['COMPLETED', 'REJECTED', 'BLOCKED', 'REQUEST_INFORMATION'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export function orderNotEditable(order: NumberOrderRecord, now: number, action: string): ApiError {
  const state = effectiveState(order, now);
  return errors.failedPrecondition(
    `The number order is ${state}; ${action} is only possible while it is CREATED`,
    [{ field: 'state', description: `The order is ${state}` }],
  );
}

/** The order moved to `to`, or an error when the machine does not allow it now. */
export function transition(
  order: NumberOrderRecord,
  to: OrderState,
  now: number,
  reason = '',
): NumberOrderRecord {
  // A CREATED order past its deadline reads EXPIRED; recording that is the only move left to it.
  const from = to === 'EXPIRED' ? order.state : effectiveState(order, now);
  if (!TRANSITIONS[from].includes(to) || (to === 'EXPIRED' && now < order.expireAt)) {
    throw errors.failedPrecondition(`A number order that is ${from} cannot become ${to}`, [
      { field: 'state', description: `The order is ${from}` },
    ]);
  }
  return {
    ...order,
    state: to,
    rejectionReason: to === 'REJECTED' || to === 'BLOCKED' ? reason : order.rejectionReason,
    // Each decision's reason (a rejection, a block, a note on completion) is a message of the reviewer.
    logs: reason.trim() ? [...(order.logs ?? []), { message: reason, createdAt: now }] : order.logs,
    submittedAt: to === 'IN_REVIEW' ? now : order.submittedAt,
    updatedAt: now,
  };
}

/** Registration and attachments may change only while the order is CREATED and not expired. */
export function assertEditable(order: NumberOrderRecord, now: number, action: string): void {
  if (effectiveState(order, now) !== 'CREATED') throw orderNotEditable(order, now, action);
}

/** Sandbox review: values containing these words in the registration force the decision. */
export const FORCE_REJECT = 'SANDBOX_REJECT';
export const FORCE_BLOCK = 'SANDBOX_BLOCK';

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** The automatic sandbox decision for a submitted order. */
export function sandboxDecision(order: NumberOrderRecord): { decision: ReviewDecision; reason: string } {
  const values = strings(order.registration);
  if (values.some((v) => v.includes(FORCE_BLOCK))) {
    return {
      decision: 'BLOCKED',
      reason: `Blocked by sandbox rule: the registration contains ${FORCE_BLOCK}`,
    };
  }
  if (values.some((v) => v.includes(FORCE_REJECT))) {
    return {
      decision: 'REJECTED',
      reason: `Rejected by sandbox rule: the registration contains ${FORCE_REJECT}`,
    };
  }
  return { decision: 'COMPLETED', reason: '' };
}
