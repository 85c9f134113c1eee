import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { errors } from '../../errors.js';
import { IMPORT_REGIONS, type ImportRegion, type StepState } from '../imported/importedNumber.js';
import { isE164 } from '../numbers/phoneNumbers.js';

/**
 * A qualified number (Imported Numbers API): a US or CA number a project wants Sinch to host. It
 * goes through the document's global process states; this module is the whole state machine, pure
 * (a record, an input and the time in, the next record out, or an `ApiError` when the input is
 * not allowed in the current state). See docs/decisions.md, "Qualified numbers".
 */
export const QUALIFIED_STATES = [
  'ELIGIBLE_CHECK_PENDING',
  'ELIGIBLE',
  'NOT_ELIGIBLE',
  'VERIFICATION_PENDING',
  'VERIFICATION_FAILED',
  'VERIFICATION_BLOCKED',
  'VERIFIED',
  'HOSTING_IN_PROGRESS',
  'HOSTING_DONE',
  'HOSTING_FAILED',
] as const;
export type QualifiedState = (typeof QUALIFIED_STATES)[number];

/** The document's spelling of a state: with the `GLOBAL_PROCESS_STATE_` prefix. */
export const STATE_PREFIX = 'GLOBAL_PROCESS_STATE_';

/** A state as a client may spell it, with or without the prefix; undefined when it is none. */
export function parseState(value: string): QualifiedState | undefined {
  const bare = value.startsWith(STATE_PREFIX) ? value.slice(STATE_PREFIX.length) : value;
  return (QUALIFIED_STATES as readonly string[]).includes(bare) ? (bare as QualifiedState) : undefined;
}

/** The document's `hostedNumber.status`: 0 unspecified (not hosted yet), 1 hosted, 2 failed. */
export type HostingStatus = 0 | 1 | 2;

export interface Detail {
  status: StepState;
  error: string;
}

/** The eligibility decision and who made it: the operator's audit, kept on the record. */
export interface EligibilityReview {
  decision: 'ELIGIBLE' | 'NOT_ELIGIBLE';
  reason: string;
  /** An operator's name, or `sandbox` for the automatic decision. */
  reviewer: string;
  decidedAt: number;
}

/** An operator lifting a verification block: who, when and why. */
export interface Unblock {
  reason: string;
  reviewer: string;
  unblockedAt: number;
}

/** The live voice challenge: only a salted hash of its code is kept. */
export interface VoiceChallenge {
  salt: string;
  codeHash: string;
  expiresAt: number;
}

export interface QualifiedNumberRecord {
  phoneNumber: string;
  projectId: string;
  regionCode: ImportRegion;
  state: QualifiedState;
  osrEligibility: Detail;
  ownershipVerification: Detail;
  hostedNumber: { status: HostingStatus; error: string };
  /** The hosting order that claimed the number ('' before hosting). */
  hostingOrderId: string;
  review: EligibilityReview | null;
  challenge: VoiceChallenge | null;
  /** Times of the voice calls of the last hour (the rate limit). */
  calls: number[];
  /** Wrong codes so far; the third blocks the number. */
  wrongCodes: number;
  /** Blocks lifted by operators, oldest first (absent on records stored before unblocking existed). */
  unblocks?: Unblock[];
  createdAt: number;
  updatedAt: number;
}

/** At most this many numbers in one `:addNumbers` request. */
export const MAX_BATCH = 100;
/** Wrong codes that block a number for good. */
export const MAX_WRONG_CODES = 3;
export const CHALLENGE_TTL_MS = 10 * 60_000;
/** A number is called at most once per interval, and at most `CALLS_PER_HOUR` times an hour. */
export const CALL_INTERVAL_MS = 30_000;
export const CALLS_PER_HOUR = 5;
const HOUR_MS = 3_600_000;
export const REVIEW_REASON_MAX_LENGTH = 512;
export const REVIEWER_MAX_LENGTH = 128;

/**
 * Sandbox magic: a number whose last four digits are 0000 comes out NOT_ELIGIBLE (its invoices
 * "do not show it"). Every other number comes out ELIGIBLE.
 */
export function sandboxEligibility(phoneNumber: string): { eligible: boolean; reason: string } {
  return phoneNumber.endsWith('0000')
    ? {
        eligible: false,
        reason: 'The invoices sent do not show this number as yours (sandbox: numbers ending in 0000)',
      }
    : { eligible: true, reason: 'Invoices checked (sandbox: decided automatically)' };
}

/** One number of an `:addNumbers` request: E.164, valid by libphonenumber, and US or CA. */
export function parseQualifiable(
  value: unknown,
  field: string,
): { phoneNumber: string; regionCode: ImportRegion } {
  if (typeof value !== 'string' || !isE164(value)) {
    throw errors.fieldViolation(
      field,
      `"${String(value)}" is not an E.164 phone number (for example +12025550134)`,
    );
  }
  const parsed = parsePhoneNumberFromString(value);
  if (!parsed?.isValid() || !parsed.country) {
    throw errors.fieldViolation(field, `${value} is not a valid phone number`);
  }
  if (!(IMPORT_REGIONS as readonly string[]).includes(parsed.country)) {
    throw errors.fieldViolation(
      field,
      `${value} is a ${parsed.country} number; only US and CA numbers can be qualified`,
    );
  }
  return { phoneNumber: value, regionCode: parsed.country as ImportRegion };
}

/** The numbers of an `:addNumbers` request, checked one by one (the first problem is reported). */
export function parseBatch(phoneNumbers: readonly unknown[] | undefined) {
  if (!phoneNumbers || phoneNumbers.length === 0) {
    throw errors.fieldViolation('phoneNumbers', 'phoneNumbers needs at least one number');
  }
  if (phoneNumbers.length > MAX_BATCH) {
    throw errors.fieldViolation('phoneNumbers', `phoneNumbers has at most ${MAX_BATCH} numbers per request`);
  }
  const seen = new Map<string, number>();
  return phoneNumbers.map((value, index) => {
    const field = `phoneNumbers[${index}]`;
    const number = parseQualifiable(value, field);
    const first = seen.get(number.phoneNumber);
    if (first !== undefined) {
      throw errors.fieldViolation(field, `${number.phoneNumber} is already phoneNumbers[${first}]`);
    }
    seen.set(number.phoneNumber, index);
    return number;
  });
}

export function newQualifiedNumber(
  projectId: string,
  number: { phoneNumber: string; regionCode: ImportRegion },
  now: number,
): QualifiedNumberRecord {
  return {
    ...number,
    projectId,
    state: 'ELIGIBLE_CHECK_PENDING',
    osrEligibility: { status: 'IN_PROGRESS', error: '' },
    ownershipVerification: { status: 'WAITING', error: '' },
    hostedNumber: { status: 0, error: '' },
    hostingOrderId: '',
    review: null,
    challenge: null,
    calls: [],
    wrongCodes: 0,
    createdAt: now,
    updatedAt: now,
  };
}

export function hashCode(salt: string, code: string): string {
  return createHash('sha256').update(`${salt}:${code}`).digest('hex');
}

/** A fresh random code of 6 digits (what the voice call says). */
export function newCode(): string {
  return String(randomBytes(4).readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

function codeMatches(challenge: VoiceChallenge, code: string): boolean {
  const given = Buffer.from(hashCode(challenge.salt, code), 'hex');
  const stored = Buffer.from(challenge.codeHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/**
 * Whether `code` is the code of the number's live challenge, the one it waits for. A code of an
 * earlier call, of a verified or deleted number, or an expired one is not: delivering it late
 * would make the person type a wrong code (three of them block the number for good).
 */
export function isLiveCode(record: QualifiedNumberRecord, code: string, now: number): boolean {
  const challenge = record.challenge;
  return (
    (record.state === 'VERIFICATION_PENDING' || record.state === 'VERIFICATION_FAILED') &&
    challenge !== null &&
    challenge.expiresAt > now &&
    codeMatches(challenge, code)
  );
}

/** What may happen to a qualified number. */
export type QualifiedInput =
  | { type: 'decideEligibility'; decision: 'ELIGIBLE' | 'NOT_ELIGIBLE'; reason: string; reviewer: string }
  | { type: 'sendChallenge'; code: string; salt: string }
  | { type: 'verifyChallenge'; code: string }
  | { type: 'unblock'; reason: string; reviewer: string }
  | { type: 'claimForHosting'; hostingOrderId: string }
  | { type: 'finishHosting'; outcome: 'HOSTING_DONE' | 'HOSTING_FAILED'; error: string };

const SENDABLE: readonly QualifiedState[] = ['ELIGIBLE', 'VERIFICATION_PENDING', 'VERIFICATION_FAILED'];

function notIn(record: QualifiedNumberRecord, action: string, allowed: readonly QualifiedState[]) {
  return errors.failedPrecondition(
    `${record.phoneNumber} is ${STATE_PREFIX}${record.state}; ${action} needs ${allowed
      .map((s) => STATE_PREFIX + s)
      .join(' or ')}`,
  );
}

/** How long until a new call is allowed, or 0 when one is allowed now. */
export function callWaitMs(calls: readonly number[], now: number): number {
  const recent = calls.filter((t) => t > now - HOUR_MS).sort((a, b) => a - b);
  const last = recent[recent.length - 1];
  let wait = last !== undefined ? last + CALL_INTERVAL_MS - now : 0;
  if (recent.length >= CALLS_PER_HOUR)
    wait = Math.max(wait, recent[recent.length - CALLS_PER_HOUR]! + HOUR_MS - now);
  return Math.max(0, wait);
}

/**
 * The next record for `input` at `now`, or an `ApiError` when the input is not allowed now.
 * `claimForHosting` and `finishHosting` are the hosting orders' hand-off; their callers check the
 * preconditions (VERIFIED, the claiming order) first.
 */
export function transition(
  record: QualifiedNumberRecord,
  input: QualifiedInput,
  now: number,
): QualifiedNumberRecord {
  const next: QualifiedNumberRecord = { ...record, updatedAt: now };
  switch (input.type) {
    case 'decideEligibility': {
      if (record.state !== 'ELIGIBLE_CHECK_PENDING') {
        throw notIn(record, 'an eligibility decision', ['ELIGIBLE_CHECK_PENDING']);
      }
      next.review = {
        decision: input.decision,
        reason: input.reason,
        reviewer: input.reviewer,
        decidedAt: now,
      };
      next.state = input.decision;
      next.osrEligibility =
        input.decision === 'ELIGIBLE'
          ? { status: 'DONE', error: '' }
          : { status: 'FAILED', error: input.reason };
      return next;
    }
    case 'sendChallenge': {
      if (!SENDABLE.includes(record.state)) throw notIn(record, 'a voice challenge', SENDABLE);
      const wait = callWaitMs(record.calls, now);
      if (wait > 0) {
        throw errors.resourceExhausted(
          `${record.phoneNumber} was called recently; at most one call per ${CALL_INTERVAL_MS / 1000} s and ${CALLS_PER_HOUR} per hour`,
          wait,
        );
      }
      next.calls = [...record.calls.filter((t) => t > now - HOUR_MS), now];
      next.challenge = {
        salt: input.salt,
        codeHash: hashCode(input.salt, input.code),
        expiresAt: now + CHALLENGE_TTL_MS,
      };
      next.state = 'VERIFICATION_PENDING';
      next.ownershipVerification = { status: 'IN_PROGRESS', error: '' };
      return next;
    }
    case 'verifyChallenge': {
      const verifiable: QualifiedState[] = ['VERIFICATION_PENDING', 'VERIFICATION_FAILED'];
      if (!verifiable.includes(record.state)) {
        if (record.state === 'ELIGIBLE') {
          throw errors.failedPrecondition(
            `No voice challenge was sent to ${record.phoneNumber}; call :sendVoiceChallenge first`,
          );
        }
        throw notIn(record, 'verifying a code', verifiable);
      }
      if (!record.challenge || record.challenge.expiresAt <= now) {
        throw errors.failedPrecondition(
          `The voice challenge of ${record.phoneNumber} expired; call :sendVoiceChallenge for a new code`,
        );
      }
      if (codeMatches(record.challenge, input.code)) {
        next.challenge = null;
        next.state = 'VERIFIED';
        next.ownershipVerification = { status: 'DONE', error: '' };
        return next;
      }
      next.wrongCodes = record.wrongCodes + 1;
      if (next.wrongCodes >= MAX_WRONG_CODES) {
        next.challenge = null;
        next.state = 'VERIFICATION_BLOCKED';
        next.ownershipVerification = {
          status: 'FAILED',
          error: `Blocked after ${MAX_WRONG_CODES} wrong codes`,
        };
      } else {
        next.state = 'VERIFICATION_FAILED';
        next.ownershipVerification = {
          status: 'FAILED',
          error: `Wrong code (${next.wrongCodes} of ${MAX_WRONG_CODES} attempts used)`,
        };
      }
      return next;
    }
    case 'unblock': {
      // An operator's remedy (a provider mix-up, a caller's typos): the number may be called
      // again, with a fresh count of wrong codes; the rate limit's call times stay.
      if (record.state !== 'VERIFICATION_BLOCKED') {
        throw notIn(record, 'lifting a block', ['VERIFICATION_BLOCKED']);
      }
      next.state = 'ELIGIBLE';
      next.wrongCodes = 0;
      next.challenge = null;
      next.ownershipVerification = { status: 'WAITING', error: '' };
      next.unblocks = [
        ...(record.unblocks ?? []),
        { reason: input.reason, reviewer: input.reviewer, unblockedAt: now },
      ];
      return next;
    }
    case 'claimForHosting': {
      if (record.state !== 'VERIFIED') throw notIn(record, 'hosting', ['VERIFIED']);
      next.state = 'HOSTING_IN_PROGRESS';
      next.hostingOrderId = input.hostingOrderId;
      next.hostedNumber = { status: 0, error: '' };
      return next;
    }
    case 'finishHosting': {
      if (record.state !== 'HOSTING_IN_PROGRESS')
        throw notIn(record, 'finishing hosting', ['HOSTING_IN_PROGRESS']);
      next.state = input.outcome;
      next.hostedNumber =
        input.outcome === 'HOSTING_DONE'
          ? { status: 1, error: '' }
          : { status: 2, error: input.error || 'Hosting failed' };
      return next;
    }
  }
}

/**
 * Deleting a number whose hosting is in progress would strand its hosting order; deleting a
 * blocked one and adding it again would undo the block (three wrong codes are final).
 */
export function checkDeletable(record: QualifiedNumberRecord): void {
  if (record.state === 'HOSTING_IN_PROGRESS') {
    throw errors.failedPrecondition(
      `${record.phoneNumber} is being hosted by hosting order ${record.hostingOrderId}; delete it when hosting is done or failed`,
    );
  }
  if (record.state === 'VERIFICATION_BLOCKED') {
    throw errors.failedPrecondition(
      `${record.phoneNumber} is blocked after ${MAX_WRONG_CODES} wrong codes; a blocked number cannot be deleted (and qualified again)`,
    );
  }
}
