import { type ActiveNumber, voiceId } from './activeNumber.js';

/** The columns of `numbers export --format csv`, one row per number, header first. */
const COLUMNS: [string, (n: ActiveNumber) => string | number | null | undefined][] = [
  ['phoneNumber', (n) => n.phoneNumber],
  ['regionCode', (n) => n.regionCode],
  ['type', (n) => n.type],
  ['capability', (n) => n.capability.join(' ')],
  ['displayName', (n) => n.displayName],
  ['monthlyAmount', (n) => n.money?.amount],
  ['currencyCode', (n) => n.money?.currencyCode],
  ['paymentIntervalMonths', (n) => n.paymentIntervalMonths],
  ['nextChargeDate', (n) => n.nextChargeDate],
  ['expireAt', (n) => n.expireAt],
  ['smsServicePlanId', (n) => n.smsConfiguration?.servicePlanId],
  ['smsCampaignId', (n) => n.smsConfiguration?.campaignId],
  ['smsProvisioningStatus', (n) => n.smsConfiguration?.scheduledProvisioning?.status],
  ['voiceType', (n) => n.voiceConfiguration?.type],
  ['voiceId', (n) => (n.voiceConfiguration ? voiceId(n.voiceConfiguration) : '')],
  ['voiceProvisioningStatus', (n) => n.voiceConfiguration?.scheduledVoiceProvisioning?.status],
  ['callbackUrl', (n) => n.callbackUrl],
];

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function field(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(numbers: readonly ActiveNumber[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(',')];
  for (const n of numbers) lines.push(COLUMNS.map(([, read]) => field(read(n))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
