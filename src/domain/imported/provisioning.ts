import { type ImportedEventType, newImportedEvent, type OutgoingEvent } from '../callbacks/events.js';
import { forcedFailure, type SmsErrorCode } from '../numbers/provisioning.js';
import {
  CARRIERS,
  type Carrier,
  type CarrierStep,
  type ImportedNumberRecord,
  type ProvisioningStep,
  type StepState,
} from './importedNumber.js';

/**
 * The carrier work of an imported number, as pure functions of (record, now): the SMS platform
 * step, the 10DLC campaign step and the per-carrier configuration (`mnoConfiguration`) each go
 * WAITING → IN_PROGRESS → DONE | FAILED, one at a time, one move per job. Provisioning runs SMS
 * platform, then campaign, then carriers; deprovisioning unlinks the campaign first. Outcomes of
 * the SMS and campaign steps are callbacks to the number's `callbackUrl` (none when it is empty).
 *
 * Magic values (docs/decisions.md, "Imported number provisioning"):
 * - a `servicePlanId` starting with `FAIL_` fails SMS platform provisioning (and with it the
 *   campaign and carrier steps waiting behind it);
 * - a `campaignId` starting with `FAIL_` fails the campaign link, `FAIL_<CODE>` with that code
 *   (one of the document's failure codes), otherwise `CAMPAIGN_PROVISIONING_FAILED`;
 * - a number ending in `666` fails its T-Mobile configuration (`smsTmo`, `mmsTmo`).
 */

type Part = 'sms' | 'campaign' | 'carriers';

/** A number whose last digits are these fails at T-Mobile (sandbox magic value). */
export const TMO_FAILURE_SUFFIX = '666';
const TMO_CARRIERS: readonly Carrier[] = ['smsTmo', 'mmsTmo'];

export interface ProvisioningMove {
  record: ImportedNumberRecord;
  events: OutgoingEvent[];
  /** Whether another step is pending after this one. */
  more: boolean;
}

const isPending = (state: StepState) => state === 'WAITING' || state === 'IN_PROGRESS';

function partState(record: ImportedNumberRecord, part: Part): StepState | undefined {
  if (part === 'sms') return record.smsProvisioning?.state;
  if (part === 'campaign') return record.campaignProvisioning?.state;
  const states = CARRIERS.map((c) => record.mnoConfiguration[c].state).filter(isPending);
  if (!states.length) return undefined;
  return states.includes('IN_PROGRESS') ? 'IN_PROGRESS' : 'WAITING';
}

function partsInOrder(record: ImportedNumberRecord): Part[] {
  return record.smsProvisioning?.type === 'DEPROVISIONING' ||
    record.campaignProvisioning?.type === 'DEPROVISIONING'
    ? ['campaign', 'sms', 'carriers']
    : ['sms', 'campaign', 'carriers'];
}

/** The next step to move, or undefined when the number's carrier work is finished. */
function nextPart(record: ImportedNumberRecord): Part | undefined {
  return partsInOrder(record).find((part) => {
    const state = partState(record, part);
    return state !== undefined && isPending(state);
  });
}

/** Whether any step of the number is still waiting or in progress. */
export function hasPendingWork(record: ImportedNumberRecord): boolean {
  return nextPart(record) !== undefined;
}

const FAILURE_MESSAGES: Partial<Record<SmsErrorCode, string>> = {
  SMS_PROVISIONING_FAILED: 'The number could not be provisioned to the SMS platform.',
  NUMBER_PROVISIONING_FAILED: 'The number is not provisioned to the SMS platform.',
  CAMPAIGN_PROVISIONING_FAILED: 'The number could not be linked to the campaign.',
  MNO_SHARING_ERROR: 'The carrier refused the number configuration.',
};

const messageFor = (code: string) =>
  FAILURE_MESSAGES[code as SmsErrorCode] ?? `Provisioning failed: ${code}.`;

/** A step's outcome: DONE, or FAILED with the code and its message. */
function finished<S extends ProvisioningStep | CarrierStep>(step: S, now: number, failure?: string): S {
  return failure
    ? { ...step, state: 'FAILED', updatedAt: now, errorCode: failure, errorMessage: messageFor(failure) }
    : { ...step, state: 'DONE', updatedAt: now, errorCode: '', errorMessage: '' };
}

function mapCarriers(
  record: ImportedNumberRecord,
  fn: (carrier: Carrier, step: CarrierStep) => CarrierStep,
): Record<Carrier, CarrierStep> {
  return Object.fromEntries(
    CARRIERS.map((carrier) => {
      const step = record.mnoConfiguration[carrier];
      return [carrier, isPending(step.state) ? fn(carrier, step) : step];
    }),
  ) as Record<Carrier, CarrierStep>;
}

/** Moves the number's next pending step once; `null` when nothing is pending. */
export function advanceImportedProvisioning(
  record: ImportedNumberRecord,
  now: number,
  newEventId: () => string,
): ProvisioningMove | null {
  const part = nextPart(record);
  if (!part) return null;
  const events: OutgoingEvent[] = [];
  /** `failure`: true for a failure without a code, or the failure code. */
  const event = (eventType: ImportedEventType, failure?: string | true) => {
    if (!record.callbackUrl) return;
    events.push(
      newImportedEvent(
        {
          eventId: newEventId(),
          projectId: record.projectId,
          resourceId: record.phoneNumber,
          resourceType: 'IMPORTED_NUMBER',
          eventType,
          status: failure ? 'FAILED' : 'SUCCEEDED',
          failureCode: typeof failure === 'string' ? failure : undefined,
        },
        record.callbackUrl,
        now,
      ),
    );
  };
  let next: ImportedNumberRecord = { ...record, updatedAt: now };

  if (partState(record, part) === 'WAITING') {
    if (part === 'sms' && record.smsProvisioning) {
      next.smsProvisioning = { ...record.smsProvisioning, state: 'IN_PROGRESS', updatedAt: now };
    } else if (part === 'campaign' && record.campaignProvisioning) {
      next.campaignProvisioning = { ...record.campaignProvisioning, state: 'IN_PROGRESS', updatedAt: now };
    } else {
      next.mnoConfiguration = mapCarriers(record, (_carrier, step) => ({
        ...step,
        state: 'IN_PROGRESS',
        updatedAt: now,
      }));
    }
    return { record: next, events, more: true };
  }

  if (part === 'sms' && record.smsProvisioning) {
    const step = record.smsProvisioning;
    if (step.type === 'DEPROVISIONING') {
      next.smsProvisioning = finished(step, now);
      event('DEPROVISIONING_TO_SMS_PLATFORM');
    } else {
      const failure = forcedFailure(step.serviceId, 'SMS_PROVISIONING_FAILED');
      next.smsProvisioning = finished(step, now, failure ?? undefined);
      if (failure) {
        // The document: SMS platform outcomes are binary, no failureCode in the event. What
        // waited behind the platform step fails with it, and nothing stays linked.
        event('PROVISIONING_TO_SMS_PLATFORM', true);
        next = { ...next, servicePlanId: '', campaignId: '' };
        if (record.campaignProvisioning && isPending(record.campaignProvisioning.state)) {
          next.campaignProvisioning = finished(
            record.campaignProvisioning,
            now,
            'NUMBER_PROVISIONING_FAILED',
          );
          event('LINK_TO_10DLC_CAMPAIGN', 'NUMBER_PROVISIONING_FAILED');
        }
        next.mnoConfiguration = mapCarriers(record, (_carrier, s) =>
          finished(s, now, 'NUMBER_PROVISIONING_FAILED'),
        );
      } else {
        event('PROVISIONING_TO_SMS_PLATFORM');
      }
    }
  } else if (part === 'campaign' && record.campaignProvisioning) {
    const step = record.campaignProvisioning;
    if (step.type === 'DEPROVISIONING') {
      next.campaignProvisioning = finished(step, now);
      event('UNLINK_TO_10DLC_CAMPAIGN');
    } else {
      const failure = forcedFailure(step.serviceId, 'CAMPAIGN_PROVISIONING_FAILED');
      next.campaignProvisioning = finished(step, now, failure ?? undefined);
      if (failure) next.campaignId = '';
      event('LINK_TO_10DLC_CAMPAIGN', failure ?? undefined);
    }
  } else {
    const tmoFails = record.phoneNumber.endsWith(TMO_FAILURE_SUFFIX);
    next.mnoConfiguration = mapCarriers(record, (carrier, step) =>
      finished(
        step,
        now,
        tmoFails && step.operation === 'PROVISIONING' && TMO_CARRIERS.includes(carrier)
          ? 'MNO_SHARING_ERROR'
          : undefined,
      ),
    );
  }
  return { record: next, events, more: hasPendingWork(next) };
}

/** The `DELETE` callback of a deleted number (none without a callback URL). */
export function deletedEvents(
  record: ImportedNumberRecord,
  now: number,
  newEventId: () => string,
): OutgoingEvent[] {
  if (!record.callbackUrl) return [];
  return [
    newImportedEvent(
      {
        eventId: newEventId(),
        projectId: record.projectId,
        resourceId: record.phoneNumber,
        resourceType: 'IMPORTED_NUMBER',
        eventType: 'DELETE',
        status: 'SUCCEEDED',
      },
      record.callbackUrl,
      now,
    ),
  ];
}
