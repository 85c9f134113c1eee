import {
  type ActiveNumber,
  PENDING,
  type ScheduledSms,
  type ScheduledVoice,
  VOICE_ID,
} from './activeNumber.js';
import type { ConfigurationBody, SmsRequest, VoiceRequest } from './configuration.js';

/**
 * Whether a number shows what a request asked for, linked or on its way (a scheduled change toward
 * it, even one that failed later: the request itself took effect). With `before`, the state read
 * before sending: a scheduled change already there then does not count, so a read after a lost
 * answer tells a request that took effect from one that did not.
 */

const IDS = ['appId', 'trunkId', 'serviceId'] as const;

function sameSms(a: ScheduledSms | null | undefined, b: ScheduledSms | null | undefined): boolean {
  return !!a && !!b && a.lastUpdatedTime === b.lastUpdatedTime && a.status === b.status;
}

function sameVoice(a: ScheduledVoice | null | undefined, b: ScheduledVoice | null | undefined): boolean {
  return !!a && !!b && a.lastUpdatedTime === b.lastUpdatedTime && a.status === b.status;
}

export function showsSms(n: ActiveNumber, request: SmsRequest, before?: ActiveNumber): boolean {
  const sms = n.smsConfiguration;
  if (!sms) return false;
  const base = (before ?? n).smsConfiguration ?? sms;
  const plan = request.servicePlanId ?? base.servicePlanId;
  const campaign = request.campaignId ?? base.campaignId;
  const s = sms.scheduledProvisioning;
  const toward =
    !!s &&
    s.servicePlanId === plan &&
    s.campaignId === campaign &&
    !sameSms(s, before?.smsConfiguration?.scheduledProvisioning);
  const linked = !(s && PENDING.has(s.status)) && sms.servicePlanId === plan && sms.campaignId === campaign;
  return toward || linked;
}

export function showsVoice(n: ActiveNumber, request: VoiceRequest, before?: ActiveNumber): boolean {
  const voice = n.voiceConfiguration;
  if (!voice) return false;
  const field = VOICE_ID[request.type as keyof typeof VOICE_ID];
  const target = { appId: '', trunkId: '', serviceId: '', [field]: request[field] ?? '' };
  const unlink = target[field] === '';
  const fits = (x: { type: string; appId: string; trunkId: string; serviceId: string }) =>
    IDS.every((id) => x[id] === target[id]) && (unlink || x.type === request.type);
  const s = voice.scheduledVoiceProvisioning;
  const toward = !!s && fits(s) && !sameVoice(s, before?.voiceConfiguration?.scheduledVoiceProvisioning);
  const linked = !(s && PENDING.has(s.status)) && fits(voice);
  return toward || linked;
}

/** Whether `n` shows every part of a PATCH body (name and URL as sent, SMS and voice linked or on their way). */
export function showsUpdate(
  n: ActiveNumber,
  body: ConfigurationBody & { displayName?: string },
  before?: ActiveNumber,
): boolean {
  if (body.displayName !== undefined && n.displayName !== body.displayName) return false;
  if (body.callbackUrl !== undefined && n.callbackUrl !== body.callbackUrl) return false;
  if (body.smsConfiguration && !showsSms(n, body.smsConfiguration, before)) return false;
  if (body.voiceConfiguration && !showsVoice(n, body.voiceConfiguration, before)) return false;
  return true;
}
