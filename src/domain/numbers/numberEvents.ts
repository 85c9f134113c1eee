import { type NumbersEventType, newEvent, type OutgoingEvent } from '../callbacks/events.js';
import type { ActiveNumberRecord } from './activeNumber.js';
import {
  type ScheduledSms,
  type ScheduledVoice,
  smsFailureDetail,
  voiceProvisioningFails,
} from './provisioning.js';

/**
 * The callbacks an active number's changes send to its `callbackUrl` (contract §8.2). A number
 * without a callback URL sends nothing.
 */

/** Campaign failures upstream carry a registry code like this one beside the failure code. */
const CAMPAIGN_INTERNAL_FAILURE_CODE = 'CRS0018';
const VOICE_FAILURE_CODE = 'PROVISIONING_TO_VOICE_PLATFORM_FAILED';

interface EventContext {
  now: number;
  newId: () => string;
}

function event(
  record: ActiveNumberRecord,
  ctx: EventContext,
  eventType: NumbersEventType,
  failure?: { failureCode: string | null; internalFailureCode?: string },
): OutgoingEvent {
  return newEvent(
    {
      eventId: ctx.newId(),
      projectId: record.projectId,
      resourceId: record.phoneNumber,
      resourceType: 'ACTIVE_NUMBER',
      eventType,
      status: failure ? 'FAILED' : 'SUCCEEDED',
      failureCode: failure?.failureCode ?? null,
      internalFailureCode: failure?.internalFailureCode,
    },
    record.callbackUrl,
    ctx.now,
  );
}

/**
 * Events for a finished SMS change, `before` being the number before the outcome was applied.
 * A failing service plan is a binary SMS-platform failure (no failure code, as upstream); a
 * failing campaign carries its code. The campaign is not attempted when the platform failed.
 */
export function smsOutcomeEvents(
  before: ActiveNumberRecord,
  target: ScheduledSms,
  ctx: EventContext,
): OutgoingEvent[] {
  if (!before.callbackUrl) return [];
  const failure = smsFailureDetail(target);
  const events: OutgoingEvent[] = [];
  if (target.servicePlanId !== before.sms.servicePlanId || failure?.part === 'servicePlan') {
    const type = target.servicePlanId ? 'PROVISIONING_TO_SMS_PLATFORM' : 'DEPROVISIONING_FROM_SMS_PLATFORM';
    events.push(
      event(before, ctx, type, failure?.part === 'servicePlan' ? { failureCode: null } : undefined),
    );
    if (failure?.part === 'servicePlan') return events;
  }
  if (target.campaignId !== before.sms.campaignId || failure?.part === 'campaign') {
    const type = target.campaignId ? 'PROVISIONING_TO_CAMPAIGN' : 'DEPROVISIONING_FROM_CAMPAIGN';
    const campaignFailure =
      failure?.part === 'campaign'
        ? { failureCode: failure.code, internalFailureCode: CAMPAIGN_INTERNAL_FAILURE_CODE }
        : undefined;
    events.push(event(before, ctx, type, campaignFailure));
  }
  return events;
}

export function voiceOutcomeEvents(
  before: ActiveNumberRecord,
  target: ScheduledVoice,
  ctx: EventContext,
): OutgoingEvent[] {
  if (!before.callbackUrl) return [];
  const linking = Boolean(target.appId || target.trunkId || target.serviceId);
  const type = linking ? 'PROVISIONING_TO_VOICE_PLATFORM' : 'DEPROVISIONING_FROM_VOICE_PLATFORM';
  return [
    event(
      before,
      ctx,
      type,
      voiceProvisioningFails(target) ? { failureCode: VOICE_FAILURE_CODE } : undefined,
    ),
  ];
}

/** When a released number leaves the project, whatever was linked is deprovisioned. */
export function releaseCompletionEvents(record: ActiveNumberRecord, ctx: EventContext): OutgoingEvent[] {
  if (!record.callbackUrl) return [];
  const events: OutgoingEvent[] = [];
  if (record.sms.servicePlanId) events.push(event(record, ctx, 'DEPROVISIONING_FROM_SMS_PLATFORM'));
  if (record.sms.campaignId) events.push(event(record, ctx, 'DEPROVISIONING_FROM_CAMPAIGN'));
  if (record.voice.appId || record.voice.trunkId || record.voice.serviceId) {
    events.push(event(record, ctx, 'DEPROVISIONING_FROM_VOICE_PLATFORM'));
  }
  return events;
}
