import { errors } from '../../errors.js';
import type { JobSpec } from '../../jobs/job.js';
import { provisioningJob } from '../../jobs/provisioningStep.js';
import { releaseJob } from '../../jobs/releaseCompletion.js';
import type { OutgoingEvent } from '../callbacks/events.js';
import type { NumberType, Product } from '../inventory/products.js';
import { addMonths } from '../time.js';
import {
  EMPTY_SMS,
  EMPTY_VOICE,
  type SmsConfigurationRequest,
  type SmsState,
  scheduleSmsChange,
  scheduleVoiceChange,
  type VoiceConfigurationRequest,
  type VoiceState,
} from './provisioning.js';

export interface Money {
  currencyCode: string;
  amount: string;
}

/** An active (rented) number as stored. Times are epoch milliseconds. */
export interface ActiveNumberRecord {
  phoneNumber: string;
  projectId: string;
  regionCode: string;
  numberType: NumberType;
  capabilities: number;
  displayName: string;
  callbackUrl: string;
  money: Money;
  paymentIntervalMonths: number;
  rentedAt: number;
  expireAt: number | null;
  sms: SmsState;
  voice: VoiceState;
}

export interface NumberChange {
  record: ActiveNumberRecord;
  /** Work that must happen later, written in the same transaction as the change. */
  jobs: JobSpec[];
  /** Callback events to deliver (outbox rows), written with the change. */
  events?: OutgoingEvent[];
}

export interface ConfigurationRequest {
  displayName?: string;
  smsConfiguration?: SmsConfigurationRequest;
  voiceConfiguration?: VoiceConfigurationRequest;
  callbackUrl?: string;
}

export interface ChangeContext {
  now: number;
  newId: () => string;
  /** Clock time between a scheduled change and its first provisioning step. */
  provisioningStepMs: number;
}

/** Provisioning has two steps (IN_PROGRESS, outcome), each half of the configured delay. */
export function provisioningStepMs(provisioningDelayMs: number): number {
  return Math.floor(provisioningDelayMs / 2);
}

/**
 * The last charge date computed per record, and from when it holds: a page of numbers asks again
 * and again for the same records (kept in memory by the store) at nearly the same time.
 */
const charges = new WeakMap<
  ActiveNumberRecord,
  { from: number; date: number; rentedAt: number; months: number }
>();

/** The charge date after `now`: rental time plus whole payment intervals; frozen once released. */
export function nextChargeDate(record: ActiveNumberRecord, now: number): number {
  if (record.expireAt !== null) return record.expireAt;
  const { rentedAt, paymentIntervalMonths: months } = record;
  const known = charges.get(record);
  if (
    known &&
    known.from <= now &&
    now < known.date &&
    known.rentedAt === rentedAt &&
    known.months === months
  ) {
    return known.date;
  }
  let periods = 1;
  let from = rentedAt;
  let date = addMonths(rentedAt, months);
  while (date <= now) {
    periods += 1;
    from = date;
    date = addMonths(rentedAt, periods * months);
  }
  charges.set(record, { from, date, rentedAt, months });
  return date;
}

/** Released numbers disappear once `expireAt` has passed, whether or not the job has run yet. */
export function isExpired(record: ActiveNumberRecord, now: number): boolean {
  return record.expireAt !== null && record.expireAt <= now;
}

/** A callback URL is an absolute http(s) URL, or "" for none. */
export function validateCallbackUrl(url: string): void {
  if (url === '') return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw errors.fieldViolation('callbackUrl', `"${url}" is not a valid URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw errors.fieldViolation('callbackUrl', 'callbackUrl must be an http or https URL');
  }
}

/**
 * Applies a rent or PATCH request: display name and callback URL at once, SMS and voice
 * configuration as scheduled changes with a provisioning job each.
 */
export function applyConfiguration(
  record: ActiveNumberRecord,
  request: ConfigurationRequest,
  ctx: ChangeContext,
): NumberChange {
  const next: ActiveNumberRecord = { ...record };
  const jobs: JobSpec[] = [];
  const firstStep = ctx.now + ctx.provisioningStepMs;
  if (request.displayName !== undefined) {
    if (request.displayName.length > 256)
      throw errors.fieldViolation('displayName', 'displayName is at most 256 characters');
    next.displayName = request.displayName;
  }
  if (request.callbackUrl !== undefined) {
    validateCallbackUrl(request.callbackUrl);
    next.callbackUrl = request.callbackUrl;
  }
  if (request.smsConfiguration !== undefined) {
    const scheduled = scheduleSmsChange(record.sms, request.smsConfiguration, ctx.now, ctx.newId());
    next.sms = {
      ...record.sms,
      scheduled: scheduled ?? (record.sms.scheduled?.status === 'FAILED' ? record.sms.scheduled : null),
    };
    if (scheduled) jobs.push(provisioningJob(next, 'sms', scheduled.id, firstStep));
  }
  if (request.voiceConfiguration !== undefined) {
    const scheduled = scheduleVoiceChange(record.voice, request.voiceConfiguration, ctx.now, ctx.newId());
    next.voice = {
      ...record.voice,
      scheduled: scheduled ?? (record.voice.scheduled?.status === 'FAILED' ? record.voice.scheduled : null),
    };
    if (scheduled) jobs.push(provisioningJob(next, 'voice', scheduled.id, firstStep));
  }
  return { record: next, jobs };
}

export interface InventoryRow {
  id: number;
  e164: string;
  regionCode: string;
  numberType: NumberType;
  capabilities: number;
}

/** The active number a rent creates, before its requested configuration is applied. */
export function newActiveNumber(
  projectId: string,
  row: InventoryRow,
  product: Product,
  now: number,
): ActiveNumberRecord {
  return {
    phoneNumber: row.e164,
    projectId,
    regionCode: row.regionCode,
    numberType: row.numberType,
    capabilities: row.capabilities,
    displayName: '',
    callbackUrl: '',
    money: { currencyCode: product.currencyCode, amount: product.monthlyPrice },
    paymentIntervalMonths: product.paymentIntervalMonths,
    rentedAt: now,
    expireAt: null,
    sms: EMPTY_SMS,
    voice: EMPTY_VOICE,
  };
}

/**
 * Release keeps the number until its next charge date (no refund), cancels pending voice
 * provisioning as the live service does, and schedules the number's return to the inventory.
 * Releasing an already released number changes nothing.
 */
export function releaseNumber(record: ActiveNumberRecord, now: number): NumberChange {
  if (record.expireAt !== null) return { record, jobs: [] };
  const expireAt = nextChargeDate(record, now);
  const released: ActiveNumberRecord = { ...record, expireAt, voice: { ...record.voice, scheduled: null } };
  return { record: released, jobs: [releaseJob(record.projectId, record.phoneNumber, expireAt)] };
}
