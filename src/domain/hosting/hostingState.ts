import type { ImportedEventType, OutgoingEvent } from '../callbacks/events.js';
import { newImportedEvent } from '../callbacks/events.js';
import { CARRIERS, type Carrier, type CarrierStep } from '../imported/importedNumber.js';
import { FAILURE_PREFIX, forcedFailure } from '../numbers/provisioning.js';
import {
  type HostingOrderNumberRecord,
  type HostingOrderRecord,
  type HostingOrderState,
  type NumberStep,
  numberFailed,
  numberSucceeded,
  OSR_FAILURE_SUFFIX,
  type ReviewRecord,
  type SignatureRecord,
  type Stage,
} from './hostingOrder.js';

/**
 * The hosting order state machine, pure: every function takes the order, its numbers and the
 * time, and returns what changes (the order, the numbers, the callback events, the next step to
 * schedule, the numbers to import). DRAFT → SUBMITTED → WAITING_FOR_LOA_SIGNATURE → IN_PROGRESS
 * → COMPLETED | REJECTED. Imports and blanket-LOA orders skip the signature. IN_PROGRESS is
 * three carrier steps per number (OSR update, SMS platform, 10DLC campaign), one step for all
 * numbers of the order at a time.
 */

export const STATE_OF_STAGE: Record<Stage, HostingOrderState> = {
  REVIEW: 'SUBMITTED',
  LOA: 'WAITING_FOR_LOA_SIGNATURE',
  OSR: 'IN_PROGRESS',
  PLATFORM: 'IN_PROGRESS',
  CAMPAIGN: 'IN_PROGRESS',
  DONE: 'COMPLETED',
};

export interface StepContext {
  now: number;
  /** Clock time each step of the process takes (OPEN_NUMBERS_HOSTING_STEP_SECONDS). */
  stepMs: number;
  /** Sandbox: submitted orders are reviewed by themselves after one step. */
  autoReview: boolean;
  newId: () => string;
  /** Numbers of the order imported elsewhere meanwhile (the store looks): they fail when the order ends. */
  importedElsewhere?: ReadonlySet<string>;
}

/** The error of a number another import took while its order was in progress. */
export const IMPORTED_ELSEWHERE = 'The number was imported elsewhere meanwhile';

export interface Transition {
  order: HostingOrderRecord;
  /** The numbers that changed (written back by the store). */
  numbers: HostingOrderNumberRecord[];
  events: OutgoingEvent[];
  /** The step to run next, and when; none while waiting for a person (review, signature) or done. */
  next: { stage: Stage; runAt: number } | null;
  /** Set when the order ends: numbers that become imported numbers, and every number's outcome. */
  finished?: {
    imported: HostingOrderNumberRecord[];
    outcomes: { phoneNumber: string; outcome: 'HOSTING_DONE' | 'HOSTING_FAILED'; error: string }[];
  };
  /** The order now waits for its LOA to be signed: the caller makes the LOA and mails its link. */
  loaRequested: boolean;
}

export function isOpen(order: Pick<HostingOrderRecord, 'state'>): boolean {
  return order.state !== 'COMPLETED' && order.state !== 'REJECTED';
}

function orderEvent(
  order: HostingOrderRecord,
  ctx: StepContext,
  status: 'SUCCEEDED' | 'FAILED',
): OutgoingEvent[] {
  if (!order.callbackUrl) return [];
  return [
    newImportedEvent(
      {
        eventId: ctx.newId(),
        projectId: order.projectId,
        resourceId: order.hostingOrderId,
        resourceType: 'HOSTING_ORDER_NUMBER',
        eventType: 'HOSTING_PROCESS',
        status,
      },
      order.callbackUrl,
      ctx.now,
    ),
  ];
}

function numberEvent(
  order: HostingOrderRecord,
  n: HostingOrderNumberRecord,
  eventType: ImportedEventType,
  step: NumberStep,
  ctx: StepContext,
): OutgoingEvent[] {
  if (!order.callbackUrl) return [];
  return [
    newImportedEvent(
      {
        eventId: ctx.newId(),
        projectId: order.projectId,
        resourceId: n.phoneNumber,
        resourceType: 'HOSTING_ORDER_NUMBER',
        eventType,
        status: step.state === 'DONE' ? 'SUCCEEDED' : 'FAILED',
        ...(step.errorCode ? { failureCode: step.errorCode } : {}),
      },
      order.callbackUrl,
      ctx.now,
    ),
  ];
}

/**
 * When an order ends: one HOSTING_PROCESS per number (resourceId = the number), SUCCEEDED for
 * the numbers it hosted, FAILED for the others, with the failed step's code when the callback
 * list has it.
 */
function processEvents(
  order: HostingOrderRecord,
  numbers: HostingOrderNumberRecord[],
  hosted: (n: HostingOrderNumberRecord) => boolean,
  ctx: StepContext,
): OutgoingEvent[] {
  if (!order.callbackUrl) return [];
  return numbers.map((n) => {
    const ok = hosted(n);
    const code = ok ? '' : failedStep(n)?.errorCode;
    return newImportedEvent(
      {
        eventId: ctx.newId(),
        projectId: order.projectId,
        resourceId: n.phoneNumber,
        resourceType: 'HOSTING_ORDER_NUMBER',
        eventType: 'HOSTING_PROCESS',
        status: ok ? 'SUCCEEDED' : 'FAILED',
        ...(code ? { failureCode: code } : {}),
      },
      order.callbackUrl,
      ctx.now,
    );
  });
}

function moved(
  order: HostingOrderRecord,
  stage: Stage,
  now: number,
  extra: Partial<HostingOrderRecord> = {},
) {
  return { ...order, ...extra, stage, state: STATE_OF_STAGE[stage], updatedAt: now };
}

const inProgress = <S extends NumberStep>(step: S, now: number): S => ({
  ...step,
  state: 'IN_PROGRESS',
  updatedAt: now,
});
const done = <S extends NumberStep>(step: S, now: number): S => ({
  ...step,
  state: 'DONE',
  errorCode: '',
  errorMessage: '',
  updatedAt: now,
});
const failed = <S extends NumberStep>(step: S, now: number, errorCode: string, errorMessage: string): S => ({
  ...step,
  state: 'FAILED',
  errorCode,
  errorMessage,
  updatedAt: now,
});

/** A new order as the create operations write it: submitted at once (DRAFT is never seen). */
export function submitted(order: HostingOrderRecord, ctx: StepContext): Transition {
  const next = moved(order, 'REVIEW', ctx.now);
  return {
    order: next,
    numbers: [],
    events: orderEvent(next, ctx, 'SUCCEEDED'),
    next: ctx.autoReview ? { stage: 'REVIEW', runAt: ctx.now + ctx.stepMs } : null,
    loaRequested: false,
  };
}

/** Starts the carrier work: every number's OSR update, at the scheduled time or one step on. */
function startCarrierWork(
  order: HostingOrderRecord,
  numbers: HostingOrderNumberRecord[],
  ctx: StepContext,
  extra: Partial<HostingOrderRecord>,
): Transition {
  const next = moved(order, 'OSR', ctx.now, extra);
  const runAt = Math.max(ctx.now + ctx.stepMs, order.scheduledOsrUpdateTime ?? 0);
  return {
    order: next,
    numbers: numbers.map((n) => ({ ...n, osrUpdate: inProgress(n.osrUpdate, ctx.now), updatedAt: ctx.now })),
    events: orderEvent(next, ctx, 'SUCCEEDED'),
    next: { stage: 'OSR', runAt },
    loaRequested: false,
  };
}

/** SUBMITTED, approved: to the signature (direct, reseller) or straight to the carrier work. */
export function approved(
  order: HostingOrderRecord,
  numbers: HostingOrderNumberRecord[],
  review: ReviewRecord | null,
  ctx: StepContext,
): Transition {
  const extra = review ? { review } : {};
  if (order.loa === 'DIRECT' || order.loa === 'RESELLER') {
    const next = moved(order, 'LOA', ctx.now, extra);
    return {
      order: next,
      numbers: [],
      events: orderEvent(next, ctx, 'SUCCEEDED'),
      next: null,
      loaRequested: true,
    };
  }
  return startCarrierWork(order, numbers, ctx, extra);
}

/** WAITING_FOR_LOA_SIGNATURE, signed: the carrier work starts. */
export function signed(
  order: HostingOrderRecord,
  numbers: HostingOrderNumberRecord[],
  signature: SignatureRecord,
  ctx: StepContext,
): Transition {
  return startCarrierWork(order, numbers, ctx, { signature });
}

/** Any open order, rejected (operator decision, or no number came through). */
export function rejected(
  order: HostingOrderRecord,
  numbers: HostingOrderNumberRecord[],
  reason: string,
  review: ReviewRecord | null,
  ctx: StepContext,
): Transition {
  const next: HostingOrderRecord = {
    ...order,
    stage: 'DONE',
    state: 'REJECTED',
    rejectionReason: reason,
    updatedAt: ctx.now,
    ...(review ? { review } : {}),
  };
  return {
    order: next,
    numbers: [],
    events: [...orderEvent(next, ctx, 'FAILED'), ...processEvents(next, numbers, () => false, ctx)],
    next: null,
    loaRequested: false,
    finished: {
      imported: [],
      outcomes: numbers.map((n) => ({
        phoneNumber: n.phoneNumber,
        outcome: 'HOSTING_FAILED',
        error: reason,
      })),
    },
  };
}

/** A number that came through but was imported elsewhere meanwhile: its last step fails. */
function lostToAnotherImport(
  order: HostingOrderRecord,
  n: HostingOrderNumberRecord,
  now: number,
): HostingOrderNumberRecord {
  return order.campaignId
    ? {
        ...n,
        campaignProvisioning: failed(n.campaignProvisioning, now, '', IMPORTED_ELSEWHERE),
        updatedAt: now,
      }
    : {
        ...n,
        platformProvisioning: failed(n.platformProvisioning, now, '', IMPORTED_ELSEWHERE),
        updatedAt: now,
      };
}

function finish(
  order: HostingOrderRecord,
  stepped: HostingOrderNumberRecord[],
  steppedChanged: HostingOrderNumberRecord[],
  events: OutgoingEvent[],
  ctx: StepContext,
): Transition {
  const elsewhere = ctx.importedElsewhere;
  const changedByNumber = new Map(steppedChanged.map((n) => [n.phoneNumber, n]));
  const numbers = stepped.map((n) => {
    if (!elsewhere?.has(n.phoneNumber) || !numberSucceeded(order, n)) return n;
    const lost = lostToAnotherImport(order, n, ctx.now);
    changedByNumber.set(n.phoneNumber, lost);
    return lost;
  });
  const changed = [...changedByNumber.values()];
  const ok = numbers.filter((n) => numberSucceeded(order, n));
  if (ok.length === 0) {
    const result = rejected(order, numbers, 'No number of the order could be hosted', null, ctx);
    return { ...result, numbers: changed, events: [...events, ...result.events] };
  }
  const next = moved(order, 'DONE', ctx.now);
  return {
    order: next,
    numbers: changed,
    events: [
      ...events,
      ...orderEvent(next, ctx, 'SUCCEEDED'),
      ...processEvents(next, numbers, (n) => numberSucceeded(order, n), ctx),
    ],
    next: null,
    loaRequested: false,
    finished: {
      imported: ok,
      outcomes: numbers.map((n) =>
        numberSucceeded(order, n)
          ? { phoneNumber: n.phoneNumber, outcome: 'HOSTING_DONE' as const, error: '' }
          : { phoneNumber: n.phoneNumber, outcome: 'HOSTING_FAILED' as const, error: failureOf(n) },
      ),
    },
  };
}

function failedStep(n: HostingOrderNumberRecord): NumberStep | undefined {
  return [n.osrUpdate, n.platformProvisioning, n.campaignProvisioning].find((s) => s.state === 'FAILED');
}

function failureOf(n: HostingOrderNumberRecord): string {
  const step = failedStep(n);
  return step ? step.errorMessage || step.errorCode || 'FAILED' : '';
}

function carriers(n: HostingOrderNumberRecord, ok: boolean, now: number): Record<Carrier, CarrierStep> {
  return Object.fromEntries(
    CARRIERS.map((c) => [
      c,
      {
        ...n.carriers[c],
        state: ok ? 'DONE' : 'FAILED',
        errorCode: ok ? '' : 'NUMBER_PROVISIONING_FAILED',
        errorMessage: ok ? '' : 'The carrier did not take the number',
        updatedAt: now,
      },
    ]),
  ) as Record<Carrier, CarrierStep>;
}

/**
 * One carrier step of an order in progress, for all its numbers still going: OSR update →
 * SMS platform → 10DLC campaign (when the order names one) → COMPLETED, or REJECTED when no
 * number came through. Magic values: a number ending in 6660 fails its OSR update, an nnid
 * starting with FAIL_ fails every OSR update, a servicePlanId or campaignId starting with FAIL_
 * fails that step (`FAIL_<CODE>` picks the campaign's failure code).
 */
export function carrierStep(
  order: HostingOrderRecord,
  numbers: HostingOrderNumberRecord[],
  ctx: StepContext,
): Transition {
  const now = ctx.now;
  const events: OutgoingEvent[] = [];
  const going = (n: HostingOrderNumberRecord) => !numberFailed(n);
  let updated: HostingOrderNumberRecord[];
  let nextStage: Stage;
  if (order.stage === 'OSR') {
    const nnidFailure = forcedFailure(order.nnid, 'INVALID_NNID');
    updated = numbers.map((n) => {
      if (!going(n)) return n;
      let osrUpdate: HostingOrderNumberRecord['osrUpdate'];
      if (nnidFailure) osrUpdate = failed(n.osrUpdate, now, nnidFailure, `NNID ${order.nnid} was refused`);
      else if (n.phoneNumber.endsWith(OSR_FAILURE_SUFFIX)) {
        osrUpdate = failed(
          n.osrUpdate,
          now,
          'NUMBER_PROVISIONING_FAILED',
          'The OSR update was refused for this number',
        );
      } else osrUpdate = done(n.osrUpdate, now);
      events.push(...numberEvent(order, n, 'OSR_UPDATE', osrUpdate, ctx));
      const platformProvisioning =
        osrUpdate.state === 'DONE' ? inProgress(n.platformProvisioning, now) : n.platformProvisioning;
      return { ...n, osrUpdate, platformProvisioning, updatedAt: now };
    });
    nextStage = 'PLATFORM';
  } else if (order.stage === 'PLATFORM') {
    const failing = order.servicePlanId.startsWith(FAILURE_PREFIX);
    updated = numbers.map((n) => {
      if (!going(n)) return n;
      // The SMS platform's result is binary: no failure code in its callback.
      const platformProvisioning = failing
        ? failed(n.platformProvisioning, now, '', `Service plan ${order.servicePlanId} refused the number`)
        : done(n.platformProvisioning, now);
      events.push(...numberEvent(order, n, 'PROVISIONING_TO_SMS_PLATFORM', platformProvisioning, ctx));
      const campaignProvisioning =
        !failing && order.campaignId ? inProgress(n.campaignProvisioning, now) : n.campaignProvisioning;
      return {
        ...n,
        platformProvisioning,
        campaignProvisioning,
        carriers: carriers(n, !failing, now),
        updatedAt: now,
      };
    });
    nextStage = order.campaignId ? 'CAMPAIGN' : 'DONE';
  } else if (order.stage === 'CAMPAIGN') {
    const code = forcedFailure(order.campaignId, 'CAMPAIGN_PROVISIONING_FAILED');
    updated = numbers.map((n) => {
      if (!going(n)) return n;
      const campaignProvisioning = code
        ? failed(n.campaignProvisioning, now, code, `Campaign ${order.campaignId} refused the number`)
        : done(n.campaignProvisioning, now);
      events.push(...numberEvent(order, n, 'LINK_TO_10DLC_CAMPAIGN', campaignProvisioning, ctx));
      return { ...n, campaignProvisioning, updatedAt: now };
    });
    nextStage = 'DONE';
  } else {
    throw new Error(`carrierStep: order ${order.hostingOrderId} is at ${order.stage}`);
  }
  const changed = updated.filter((n, i) => n !== numbers[i]);
  // Nothing left going after this step: the order ends now.
  if (nextStage === 'DONE' || !updated.some(going)) return finish(order, updated, changed, events, ctx);
  return {
    order: moved(order, nextStage, now),
    numbers: changed,
    events,
    next: { stage: nextStage, runAt: now + ctx.stepMs },
    loaRequested: false,
  };
}
