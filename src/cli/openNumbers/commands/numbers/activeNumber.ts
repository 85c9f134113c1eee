/**
 * An active number as the Numbers API sends it (contract §4.1), with the fields the CLI reads,
 * and how a person sees one.
 */

export interface ScheduledSms {
  servicePlanId: string;
  campaignId: string;
  status: string;
  lastUpdatedTime: string | null;
  errorCodes?: string[];
}

export interface ScheduledVoice {
  type: string;
  appId: string;
  trunkId: string;
  serviceId: string;
  status: string;
  lastUpdatedTime: string | null;
}

export interface ActiveNumber {
  phoneNumber: string;
  displayName: string;
  regionCode: string;
  type: string;
  capability: string[];
  money?: { currencyCode: string; amount: string };
  paymentIntervalMonths?: number;
  nextChargeDate: string | null;
  expireAt: string | null;
  smsConfiguration?: {
    servicePlanId: string;
    campaignId: string;
    scheduledProvisioning: ScheduledSms | null;
  };
  voiceConfiguration?: {
    type: string;
    appId: string;
    trunkId: string;
    serviceId: string;
    scheduledVoiceProvisioning: ScheduledVoice | null;
  };
  callbackUrl: string;
}

/** Provisioning states that are still on their way (FAILED and done are over). */
export const PENDING = new Set(['WAITING', 'IN_PROGRESS']);

/** The id a voice configuration of `type` carries. */
export const VOICE_ID = { RTC: 'appId', EST: 'trunkId', FAX: 'serviceId' } as const;
export type VoiceIdField = (typeof VOICE_ID)[keyof typeof VOICE_ID];

export function voiceId(voice: { type: string; appId: string; trunkId: string; serviceId: string }): string {
  const field = VOICE_ID[voice.type as keyof typeof VOICE_ID] ?? 'appId';
  return voice[field];
}

function price(n: ActiveNumber): string {
  if (!n.money) return '';
  const months = n.paymentIntervalMonths ?? 1;
  return `${n.money.amount} ${n.money.currencyCode}/${months === 1 ? 'month' : `${months} months`}`;
}

/** `service plan plan-a, campaign C1 (scheduled: plan-b WAITING)`. */
export function smsSummary(n: ActiveNumber): string {
  const sms = n.smsConfiguration;
  if (!sms) return 'none';
  const linked = sms.servicePlanId
    ? `service plan ${sms.servicePlanId}${sms.campaignId ? `, campaign ${sms.campaignId}` : ''}`
    : 'not linked';
  const s = sms.scheduledProvisioning;
  if (!s) return linked;
  const target = s.servicePlanId
    ? `${s.servicePlanId}${s.campaignId ? ` + campaign ${s.campaignId}` : ''}`
    : 'unlink';
  const errors = s.errorCodes?.length ? ` ${s.errorCodes.join(', ')}` : '';
  return `${linked} (scheduled: ${target} ${s.status}${errors})`;
}

export function voiceSummary(n: ActiveNumber): string {
  const voice = n.voiceConfiguration;
  if (!voice) return 'none';
  const id = voiceId(voice);
  const linked = id ? `${voice.type} ${id}` : 'not linked';
  const s = voice.scheduledVoiceProvisioning;
  if (!s) return linked;
  const target = voiceId(s) ? `${s.type} ${voiceId(s)}` : `unlink ${s.type}`;
  return `${linked} (scheduled: ${target} ${s.status})`;
}

/** The number as a few labelled lines. */
export function describeNumber(n: ActiveNumber): string[] {
  const rows: [string, string][] = [
    [
      'number',
      `${n.phoneNumber}  ${n.regionCode} ${n.type}  ${n.capability.join(', ')}  ${price(n)}`.trimEnd(),
    ],
    ['display name', n.displayName || '(none)'],
    ['SMS', smsSummary(n)],
    ['voice', voiceSummary(n)],
    ['callback URL', n.callbackUrl || '(none)'],
    n.expireAt ? ['released', `expires ${n.expireAt}`] : ['next charge', n.nextChargeDate ?? ''],
  ];
  return rows.map(([label, value]) => `${label.padEnd(13)}${value}`);
}

/** One row of `numbers list`. */
export function listRow(n: ActiveNumber): Record<string, string> {
  return {
    number: n.phoneNumber,
    region: n.regionCode,
    type: n.type,
    capability: n.capability.join(','),
    name: n.displayName,
    sms: smsSummary(n),
    voice: voiceSummary(n),
    expires: n.expireAt ?? '',
  };
}
