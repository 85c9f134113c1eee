import { randomBytes } from 'node:crypto';
import { errors } from '../../errors.js';
import { eligibilityCheckJob } from '../../jobs/qualificationCheck.js';
import { voiceChallengeWebhookJob } from '../../jobs/voiceChallengeWebhook.js';
import type { QualifiedOrder, Store } from '../../store/types.js';
import { type AuditEntry, auditEntry, DEFAULT_ACTOR, SANDBOX_ACTOR } from '../admin/audit.js';
import { decodePageToken, encodePageToken, numberCursor, numberPage } from '../pageToken.js';
import { toWireTime } from '../time.js';
import {
  CHALLENGE_TTL_MS,
  checkDeletable,
  isLiveCode,
  newCode,
  newQualifiedNumber,
  parseBatch,
  parseState,
  QUALIFIED_STATES,
  type QualifiedNumberRecord,
  type QualifiedState,
  REVIEW_REASON_MAX_LENGTH,
  REVIEWER_MAX_LENGTH,
  STATE_PREFIX,
  sandboxEligibility,
  transition,
} from './qualifiedNumber.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
/** The sandbox voice log answers at most this many calls of a number. */
export const VOICE_LOG_LIMIT = 100;
const WEBHOOK_TIMEOUT_MS = 10_000;

export interface QualifiedQuery {
  states: readonly string[];
  regionCode?: string;
  pageSize?: number;
  pageToken?: string;
  orderBy?: QualifiedOrder;
}

interface QueueCursor {
  q: QualifiedState;
  t: number;
  j: string;
  p: string;
}

const validTime = (t: unknown) => Number.isSafeInteger(t) && (t as number) >= 0;

const notFound = (phoneNumber: string) =>
  errors.notFound('QualifiedNumber', phoneNumber, 'The qualified number could not be found.');

/** How a deployment decides eligibility and delivers voice challenges. */
export interface QualificationMode {
  /** Sandbox: a job decides eligibility after `eligibilityDelayMs`; operator: a person does. */
  autoEligibility: boolean;
  eligibilityDelayMs: number;
  /** Sandbox: the code goes to the voice log; operator: to the webhook (a job), when one is set. */
  voice: 'log' | 'webhook';
  /** Where operator mode POSTs the codes (OPEN_NUMBERS_VOICE_CHALLENGE_WEBHOOK). */
  voiceWebhookUrl?: string;
}

/** An operator's reason (required) and name ("admin-token" when not given), checked. */
function reviewFields(body: { reason?: string; reviewer?: string }) {
  const reason = (body.reason ?? '').trim();
  if (!reason) throw errors.fieldViolation('reason', 'reason is required: say why');
  if (reason.length > REVIEW_REASON_MAX_LENGTH) {
    throw errors.fieldViolation('reason', `reason is at most ${REVIEW_REASON_MAX_LENGTH} characters`);
  }
  const reviewer = (body.reviewer ?? '').trim() || DEFAULT_ACTOR;
  if (reviewer.length > REVIEWER_MAX_LENGTH) {
    throw errors.fieldViolation('reviewer', `reviewer is at most ${REVIEWER_MAX_LENGTH} characters`);
  }
  return { reason, reviewer };
}

/** The audit log entry of an eligibility decision or an unblock: the reviewer is its actor. */
function decisionAudit(
  record: QualifiedNumberRecord,
  action: 'DECIDE' | 'UNBLOCK',
  review: { reason: string; reviewer: string; decision?: string },
  at: number,
): AuditEntry {
  return auditEntry(at, review.reviewer, {
    action,
    resourceType: 'QualifiedNumber',
    resourceId: record.phoneNumber,
    projectId: record.projectId,
    reason: review.reason,
    details: review.decision ? { decision: review.decision } : {},
  });
}

/** The Qualified Numbers operations, the sandbox's automatic decision and the operators' review. */
export function createQualifiedNumbersService({
  store,
  now,
  mode,
}: {
  store: Pick<Store, 'qualifiedNumbers'>;
  now: () => number;
  mode: QualificationMode;
}) {
  const page = (limit: number | undefined) => Math.min(limit || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);

  return {
    /** One transaction for the whole batch: all numbers are created, or none (409 for a known one). */
    async addNumbers(projectId: string, phoneNumbers: readonly unknown[] | undefined) {
      const numbers = parseBatch(phoneNumbers);
      const at = now();
      const records = numbers.map((n) => newQualifiedNumber(projectId, n, at));
      const jobs = mode.autoEligibility
        ? [
            eligibilityCheckJob(
              projectId,
              numbers.map((n) => n.phoneNumber),
              at,
              at + mode.eligibilityDelayMs,
            ),
          ]
        : [];
      const result = await store.qualifiedNumbers.create(records, jobs);
      if (!Array.isArray(result)) throw errors.alreadyExists('QualifiedNumber', result.existing);
      return result;
    },

    async list(projectId: string, query: QualifiedQuery) {
      if (!query.states.length) throw errors.fieldViolation('states', 'states is required');
      // The document's enum has UNSPECIFIED too: as with hosting orders' required filters, it
      // leaves the state unspecified, so every state matches.
      const unspecified = (value: string) => value.replace(STATE_PREFIX, '') === 'UNSPECIFIED';
      const states = query.states.some(unspecified)
        ? [...QUALIFIED_STATES]
        : query.states.map((value) => {
            const state = parseState(value);
            if (!state) {
              throw errors.fieldViolation(
                'states',
                `Unknown state ${value}; use GLOBAL_PROCESS_STATE_ELIGIBLE_CHECK_PENDING, …_ELIGIBLE, …_NOT_ELIGIBLE, …_VERIFICATION_PENDING, …_VERIFICATION_FAILED, …_VERIFICATION_BLOCKED, …_VERIFIED, …_HOSTING_IN_PROGRESS, …_HOSTING_DONE, …_HOSTING_FAILED, or …_UNSPECIFIED for any`,
              );
            }
            return state;
          });
      const orderBy = query.orderBy ?? 'phoneNumber';
      const limit = page(query.pageSize);
      const { records, totalSize } = await store.qualifiedNumbers.list({
        projectId,
        states: [...new Set(states)],
        regionCode: query.regionCode,
        orderBy,
        after: numberCursor(query.pageToken, orderBy),
        limit: limit + 1,
      });
      return { ...numberPage(records, limit, orderBy), totalSize };
    },

    async get(projectId: string, phoneNumber: string) {
      const record = await store.qualifiedNumbers.get(projectId, phoneNumber);
      if (!record) throw notFound(phoneNumber);
      return record;
    },

    async delete(projectId: string, phoneNumber: string) {
      if (!(await store.qualifiedNumbers.delete(projectId, phoneNumber, checkDeletable))) {
        throw notFound(phoneNumber);
      }
    },

    /** "Calls" the number with a fresh code: the sandbox voice log, or the operator's webhook. */
    async sendVoiceChallenge(projectId: string, phoneNumber: string) {
      if (mode.voice === 'webhook' && !mode.voiceWebhookUrl) {
        throw errors.failedPrecondition(
          'This server has no voice provider: its operator has not set OPEN_NUMBERS_VOICE_CHALLENGE_WEBHOOK',
        );
      }
      const at = now();
      const code = newCode();
      const salt = randomBytes(12).toString('base64url');
      const expireAt = at + CHALLENGE_TTL_MS;
      const record = await store.qualifiedNumbers.update(projectId, phoneNumber, (current) => {
        const next = transition(current, { type: 'sendChallenge', code, salt }, at);
        return mode.voice === 'log'
          ? { record: next, voiceCall: { projectId, phoneNumber, code, createdAt: at, expireAt } }
          : {
              record: next,
              jobs: [voiceChallengeWebhookJob({ projectId, phoneNumber, code, expireAt }, at)],
            };
      });
      if (!record) throw notFound(phoneNumber);
      return record;
    },

    /** A wrong code is stored (it counts towards the block), so it answers 200 with the failed state. */
    async verifyVoiceChallenge(projectId: string, phoneNumber: string, code: string) {
      const at = now();
      const record = await store.qualifiedNumbers.update(projectId, phoneNumber, (current) => ({
        record: transition(current, { type: 'verifyChallenge', code }, at),
      }));
      if (!record) throw notFound(phoneNumber);
      return record;
    },

    /**
     * Sandbox job: decides the numbers of a batch still pending, by the documented magic numbers.
     * A number deleted and added again after the batch (`addedAt`) waits for its own batch's job.
     */
    async autoDecide(projectId: string, phoneNumbers: readonly string[], addedAt?: number) {
      for (const phoneNumber of phoneNumbers) {
        const at = now();
        await store.qualifiedNumbers.update(projectId, phoneNumber, (current) => {
          if (current.state !== 'ELIGIBLE_CHECK_PENDING') return null;
          if (addedAt !== undefined && current.createdAt > addedAt) return null;
          const { eligible, reason } = sandboxEligibility(phoneNumber);
          const review = {
            decision: eligible ? 'ELIGIBLE' : 'NOT_ELIGIBLE',
            reason,
            reviewer: SANDBOX_ACTOR,
          } as const;
          return {
            record: transition(current, { type: 'decideEligibility', ...review }, at),
            audit: [decisionAudit(current, 'DECIDE', review, at)],
          };
        });
      }
    },

    /** An operator's decision on a pending number, with who and why. */
    async decide(
      projectId: string,
      phoneNumber: string,
      body: { decision?: string; reason?: string; reviewer?: string },
    ) {
      const decision = body.decision;
      if (decision !== 'ELIGIBLE' && decision !== 'NOT_ELIGIBLE') {
        throw errors.fieldViolation('decision', 'decision must be ELIGIBLE or NOT_ELIGIBLE');
      }
      const { reason, reviewer } = reviewFields(body);
      const at = now();
      const record = await store.qualifiedNumbers.update(projectId, phoneNumber, (current) => ({
        record: transition(current, { type: 'decideEligibility', decision, reason, reviewer }, at),
        audit: [decisionAudit(current, 'DECIDE', { decision, reason, reviewer }, at)],
      }));
      if (!record) throw notFound(phoneNumber);
      return record;
    },

    /** An operator lifts a verification block (a reason is required; who, when and why are kept). */
    async unblock(projectId: string, phoneNumber: string, body: { reason?: string; reviewer?: string }) {
      const { reason, reviewer } = reviewFields(body);
      const at = now();
      const record = await store.qualifiedNumbers.update(projectId, phoneNumber, (current) => ({
        record: transition(current, { type: 'unblock', reason, reviewer }, at),
        audit: [decisionAudit(current, 'UNBLOCK', { reason, reviewer }, at)],
      }));
      if (!record) throw notFound(phoneNumber);
      return record;
    },

    /** The operators' queue: every project's numbers in `state`, oldest first. */
    async queue(query: { state?: string; pageSize?: number; pageToken?: string }) {
      const state = parseState(query.state ?? 'ELIGIBLE_CHECK_PENDING');
      if (!state) throw errors.fieldViolation('state', `Unknown state ${query.state}`);
      const limit = page(query.pageSize);
      const cursor = query.pageToken
        ? decodePageToken<QueueCursor>(
            query.pageToken,
            (c) => validTime(c.t) && typeof c.p === 'string' && typeof c.j === 'string' && c.q === state,
          )
        : undefined;
      const { records, totalSize } = await store.qualifiedNumbers.queue({
        state,
        after: cursor && { at: cursor.t, projectId: cursor.j, phoneNumber: cursor.p },
        limit: limit + 1,
      });
      const items = records.slice(0, limit);
      const last = items[items.length - 1];
      const nextPageToken =
        records.length > limit && last
          ? encodePageToken({
              q: state,
              t: last.createdAt,
              j: last.projectId,
              p: last.phoneNumber,
            } satisfies QueueCursor)
          : '';
      return { records: items, nextPageToken, totalSize };
    },

    /**
     * Operator mode's job: hands the code to the voice provider's webhook. A code that is no longer
     * the live one (expired, replaced by a later call, the number verified or deleted) is dropped;
     * a failed POST throws, so the worker retries. The code is never logged.
     */
    async deliverVoiceChallenge(call: {
      projectId: string;
      phoneNumber: string;
      code: string;
      expireAt: number;
    }) {
      const url = mode.voiceWebhookUrl;
      if (!url || call.expireAt <= now()) return;
      const record = await store.qualifiedNumbers.get(call.projectId, call.phoneNumber);
      if (!record || !isLiveCode(record, call.code, now())) return;
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          phoneNumber: call.phoneNumber,
          code: call.code,
          projectId: call.projectId,
          expireTime: toWireTime(call.expireAt),
        }),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`voice challenge webhook answered ${response.status}`);
    },

    /** The sandbox voice log of a number, newest first. */
    voiceCalls(phoneNumber: string) {
      return store.qualifiedNumbers.voiceCalls(phoneNumber, VOICE_LOG_LIMIT);
    },
  };
}

export type QualifiedNumbersService = ReturnType<typeof createQualifiedNumbersService>;
