import { errors } from '../../errors.js';
import { newId } from '../../ids.js';
import { isStorableText } from '../text.js';

/** What an audit entry is about: the resource types of the decisions it records. */
export const AUDIT_RESOURCE_TYPES = [
  'NumberOrder',
  'QualifiedNumber',
  'HostingOrder',
  'Project',
  'AccessKey',
  'Price',
  'Inventory',
  'KycPolicy',
] as const;
export type AuditResourceType = (typeof AUDIT_RESOURCE_TYPES)[number];

/** What was done: a review, an eligibility decision or unblock, a creation, a revocation… */
export const AUDIT_ACTIONS = [
  'REVIEW',
  'DECIDE',
  'UNBLOCK',
  'CREATE',
  'REVOKE',
  'SET',
  'IMPORT',
  'PUT',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One decision: who (`actor`), when (service clock), what, on which resource, and why. */
export interface AuditEntry {
  /** A ULID made from `at`. */
  id: string;
  at: number;
  actor: string;
  action: AuditAction;
  resourceType: AuditResourceType;
  resourceId: string;
  /** '' for decisions that belong to no project (prices, inventory imports, policies). */
  projectId: string;
  reason: string;
  /** What else the decision was: `decision`, prices before and after, counts… */
  details: Record<string, unknown>;
}

/** The actor of an admin API call that names nobody (no `X-Open-Numbers-Actor`, no `reviewer`). */
export const DEFAULT_ACTOR = 'admin-token';
/** The actor of the sandbox's automatic reviews and decisions. */
export const SANDBOX_ACTOR = 'sandbox';
export const ACTOR_MAX_LENGTH = 256;

/** An entry for `at`; `projectId`, `reason` and `details` default to empty. */
export function auditEntry(
  at: number,
  actor: string,
  entry: Pick<AuditEntry, 'action' | 'resourceType' | 'resourceId'> &
    Partial<Pick<AuditEntry, 'projectId' | 'reason' | 'details'>>,
): AuditEntry {
  return {
    id: newId(at),
    at,
    actor,
    projectId: '',
    reason: '',
    details: {},
    ...entry,
  };
}

/**
 * The actor a caller named, trimmed, or DEFAULT_ACTOR when it named nobody. At most
 * ACTOR_MAX_LENGTH characters of storable text, else a 400 on `field`.
 */
export function actorName(raw: string | undefined, field = 'actor'): string {
  const actor = (raw ?? '').trim();
  if (!actor) return DEFAULT_ACTOR;
  if (actor.length > ACTOR_MAX_LENGTH || !isStorableText(actor) || /\p{Cc}/u.test(actor)) {
    throw errors.fieldViolation(field, `${field} is at most ${ACTOR_MAX_LENGTH} printable characters`);
  }
  return actor;
}
