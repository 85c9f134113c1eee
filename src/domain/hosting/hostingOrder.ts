import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { ApiError, errors } from '../../errors.js';
import {
  CARRIERS,
  type Carrier,
  type CarrierStep,
  DISPLAY_NAME_MAX_LENGTH,
  type ImportedNumberRecord,
  type ImportRegion,
  parseImportable,
  type StepState,
} from '../imported/importedNumber.js';
import { validateCallbackUrl } from '../numbers/activeNumber.js';

/**
 * Hosting orders (Imported Numbers API, seed 003 workflows B, D, E): an order imports or
 * text-enables a batch of US/CA numbers hosted elsewhere. This module holds the records, the
 * checks of the three create requests and the helpers the state machine (hostingState.ts) uses.
 */

export type HostingOrderState =
  | 'DRAFT'
  | 'SUBMITTED'
  | 'WAITING_FOR_LOA_SIGNATURE'
  | 'IN_PROGRESS'
  | 'COMPLETED'
  | 'REJECTED';
export const HOSTING_ORDER_STATES: readonly HostingOrderState[] = [
  'DRAFT',
  'SUBMITTED',
  'WAITING_FOR_LOA_SIGNATURE',
  'IN_PROGRESS',
  'COMPLETED',
  'REJECTED',
];
export type HostingOrderType = 'IMPORT' | 'TYPE_TEXT_ENABLE';
export const HOSTING_ORDER_TYPES: readonly HostingOrderType[] = ['IMPORT', 'TYPE_TEXT_ENABLE'];
/** NONE: an import (no LOA). BLANKET: pre-approved with the account manager, nothing to sign. */
export type LoaKind = 'DIRECT' | 'RESELLER' | 'BLANKET' | 'NONE';

/**
 * Where an order is in its process; the wire `state` follows from it. REVIEW = SUBMITTED,
 * LOA = WAITING_FOR_LOA_SIGNATURE, OSR / PLATFORM / CAMPAIGN = IN_PROGRESS (the carrier step
 * its numbers are at), DONE = COMPLETED or REJECTED.
 */
export type Stage = 'REVIEW' | 'LOA' | 'OSR' | 'PLATFORM' | 'CAMPAIGN' | 'DONE';

export interface AuthorisedPerson {
  firstName: string;
  lastName: string;
  email: string;
}
export interface LoaAddress {
  buildingNumber: string;
  street: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
}
export interface TextEnableInfo {
  businessName: string;
  authorisedPerson: AuthorisedPerson | null;
  address: LoaAddress | null;
  serviceProvider: string;
  currentVoiceCarrier: string;
  nnid: string;
  loaType: 'Direct' | 'Reseller' | null;
}

export interface ReviewRecord {
  decision: 'APPROVED' | 'REJECTED';
  reviewer: string;
  reason: string;
  at: number;
}
export interface SignatureRecord {
  fullName: string;
  ip: string;
  at: number;
  /** `signing page` or `sandbox advance`. */
  via: string;
}

export interface HostingOrderRecord {
  hostingOrderId: string;
  projectId: string;
  displayName: string;
  regionCode: ImportRegion;
  type: HostingOrderType;
  state: HostingOrderState;
  stage: Stage;
  tollFree: boolean;
  loa: LoaKind;
  servicePlanId: string;
  campaignId: string;
  migrateToSinchTmo: boolean;
  callbackUrl: string;
  nnid: string;
  scheduledOsrUpdateTime: number | null;
  textEnableInfo: TextEnableInfo | null;
  /** Text-enable orders claim qualified numbers; they are told how hosting ended. */
  qualified: boolean;
  review: ReviewRecord | null;
  signature: SignatureRecord | null;
  rejectionReason: string;
  createdAt: number;
  updatedAt: number;
}

export interface NumberStep {
  state: StepState;
  errorCode: string;
  errorMessage: string;
  updatedAt: number;
}

export interface HostingOrderNumberRecord {
  hostingOrderId: string;
  projectId: string;
  phoneNumber: string;
  osrUpdate: NumberStep & { nnid: string };
  platformProvisioning: NumberStep & { servicePlanId: string };
  campaignProvisioning: NumberStep & { campaignId: string };
  carriers: Record<Carrier, CarrierStep>;
  updatedAt: number;
}

/** The Sinch NNID the sandbox puts on an OSR update when the request names none (docs/decisions.md). */
export const SINCH_NNID = '900001';
export const DEFAULT_IMPORT_LIMIT = 5;
export const MAX_IMPORT_LIMIT = 1000;
export const TEXT_ENABLE_LIMIT = 500;
/** A number whose last four digits are these fails its OSR update (a documented magic value). */
export const OSR_FAILURE_SUFFIX = '6660';

export type HostingRequestKind = 'import' | 'textEnable' | 'textEnableTollFree';

export interface LoaRequest {
  businessName?: string;
  authorisedPerson?: Partial<AuthorisedPerson>;
  address?: Partial<LoaAddress>;
  currentVoiceCarrier?: string;
}

export interface HostingRequest {
  projectId?: string;
  displayName?: string;
  regionCode?: string;
  numbers?: string[];
  servicePlanId?: string;
  campaignId?: string;
  callbackUrl?: string;
  migrateToSinchTmo?: boolean;
  nnid?: string;
  scheduledOsrUpdateTime?: string;
  scheduledZipwhipProvisioningTime?: string;
  directLoaInfo?: LoaRequest;
  resellerLoaInfo?: LoaRequest;
  blanketLoaInfo?: Record<string, never>;
}

const LOA_FIELDS = ['directLoaInfo', 'resellerLoaInfo', 'blanketLoaInfo'] as const;
const ADDRESS_FIELDS = ['buildingNumber', 'street', 'city', 'state', 'postalCode', 'country'] as const;
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

function required(value: string | undefined, field: string): string {
  if (!value?.trim()) throw errors.fieldViolation(field, `${field} is required`);
  return value.trim();
}

/** Line breaks and other control characters (they would go into mail bodies and the LOA). */
const CONTROL = {
  test: (text: string) =>
    [...text].some((c) => {
      const code = c.codePointAt(0)!;
      return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
    }),
};

/** A required LOA text field: one line of printable text. */
function loaText(value: string | undefined, field: string): string {
  const text = required(value, field);
  if (CONTROL.test(text)) {
    throw errors.fieldViolation(field, `${field} must not contain line breaks or control characters`);
  }
  return text;
}

/** One number of a request: E.164, US/CA by libphonenumber, of the kind the operation takes. */
function parseNumber(raw: string, regionCode: string, index: number, kind: HostingRequestKind): string {
  const field = `numbers[${index}]`;
  const parsed = parsePhoneNumberFromString(raw ?? '');
  const isTollFree = parsed?.isValid() === true && parsed.getType() === 'TOLL_FREE';
  try {
    // A NANP toll-free number belongs to no one country: either region takes it.
    parseImportable(raw, isTollFree ? (parsed?.country ?? regionCode) : regionCode);
  } catch (error) {
    if (error instanceof ApiError) throw errors.fieldViolation(field, error.message);
    throw error;
  }
  // Imports take both kinds; text-enable has one operation for each.
  if (kind === 'import') return raw;
  const tollFree = kind === 'textEnableTollFree';
  if (tollFree && !isTollFree) {
    throw errors.fieldViolation(field, `${raw} is not a toll-free number; use :textEnableNumbers`);
  }
  if (!tollFree && isTollFree) {
    throw errors.fieldViolation(field, `${raw} is a toll-free number; use :textEnableTollFreeNumbers`);
  }
  return raw;
}

/** RFC 3339: a date, a time and its offset (Z or ±hh:mm); a time without offset is refused. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function parseTime(value: string, field: string): number {
  const at = Date.parse(value);
  if (!RFC3339.test(value) || Number.isNaN(at)) {
    throw errors.fieldViolation(
      field,
      `${field} must be an RFC 3339 time with Z or an offset, e.g. 2026-01-13T14:34:40Z`,
    );
  }
  return at;
}

function parseLoa(kind: 'directLoaInfo' | 'resellerLoaInfo', loa: LoaRequest, nnid: string): TextEnableInfo {
  const person = loa.authorisedPerson;
  if (!person)
    throw errors.fieldViolation(`${kind}.authorisedPerson`, `${kind}.authorisedPerson is required`);
  const email = loaText(person.email, `${kind}.authorisedPerson.email`);
  if (!EMAIL.test(email)) {
    throw errors.fieldViolation(`${kind}.authorisedPerson.email`, `"${email}" is not an e-mail address`);
  }
  const address = loa.address;
  if (!address) throw errors.fieldViolation(`${kind}.address`, `${kind}.address is required`);
  const parsedAddress = Object.fromEntries(
    ADDRESS_FIELDS.map((f) => [f, loaText(address[f], `${kind}.address.${f}`)]),
  ) as unknown as LoaAddress;
  return {
    businessName: kind === 'resellerLoaInfo' ? loaText(loa.businessName, `${kind}.businessName`) : '',
    authorisedPerson: {
      firstName: loaText(person.firstName, `${kind}.authorisedPerson.firstName`),
      lastName: loaText(person.lastName, `${kind}.authorisedPerson.lastName`),
      email,
    },
    address: parsedAddress,
    serviceProvider: 'Open Numbers',
    currentVoiceCarrier: loaText(loa.currentVoiceCarrier, `${kind}.currentVoiceCarrier`),
    nnid,
    loaType: kind === 'directLoaInfo' ? 'Direct' : 'Reseller',
  };
}

export interface ParsedHostingRequest {
  order: Omit<HostingOrderRecord, 'hostingOrderId' | 'state' | 'stage' | 'createdAt' | 'updatedAt'>;
  numbers: string[];
}

/**
 * Checks a create request of one of the three operations, first problem first, each naming its
 * field. `limit` is the number of numbers the operation takes (the project's import limit).
 */
export function parseHostingRequest(
  projectId: string,
  kind: HostingRequestKind,
  body: HostingRequest,
  limit: number,
): ParsedHostingRequest {
  if (body.projectId !== undefined && body.projectId !== '' && body.projectId !== projectId) {
    throw errors.fieldViolation('projectId', 'projectId must be the project of the path');
  }
  const regionCode = required(body.regionCode, 'regionCode').toUpperCase();
  if (regionCode !== 'US' && regionCode !== 'CA') {
    throw errors.fieldViolation('regionCode', 'regionCode must be US or CA');
  }
  const raw = body.numbers;
  if (!raw || raw.length === 0)
    throw errors.fieldViolation('numbers', 'numbers must name at least one number');
  if (raw.length > limit) {
    const hint = kind === 'import' ? ' (ask the operator to raise this project’s import limit)' : '';
    throw errors.fieldViolation('numbers', `At most ${limit} numbers per request${hint}`);
  }
  const tollFree = kind === 'textEnableTollFree';
  const seen = new Map<string, number>();
  const numbers = raw.map((n, i) => {
    const number = parseNumber(n, regionCode, i, kind);
    const first = seen.get(number);
    if (first !== undefined) {
      throw errors.fieldViolation(`numbers[${i}]`, `${number} is named twice (also numbers[${first}])`);
    }
    seen.set(number, i);
    return number;
  });
  const servicePlanId = required(body.servicePlanId, 'servicePlanId');
  const displayName = body.displayName ?? '';
  if (displayName.length > DISPLAY_NAME_MAX_LENGTH) {
    throw errors.fieldViolation(
      'displayName',
      `displayName is at most ${DISPLAY_NAME_MAX_LENGTH} characters`,
    );
  }
  const callbackUrl = body.callbackUrl ?? '';
  validateCallbackUrl(callbackUrl);

  let loa: LoaKind = 'NONE';
  let textEnableInfo: TextEnableInfo | null = null;
  let scheduledOsrUpdateTime: number | null = null;
  let nnid = '';
  if (kind !== 'import') {
    nnid = body.nnid?.trim() || SINCH_NNID;
    if (CONTROL.test(nnid)) throw errors.fieldViolation('nnid', 'nnid must not contain control characters');
    const given = LOA_FIELDS.filter((f) => body[f] !== undefined && body[f] !== null);
    if (given.length === 0) {
      throw errors.fieldViolation(
        'directLoaInfo',
        'One of directLoaInfo, resellerLoaInfo or blanketLoaInfo is required',
      );
    }
    if (given.length > 1) {
      throw errors.fieldViolation(given[1]!, `Send one LOA kind only, not both ${given[0]} and ${given[1]}`);
    }
    const chosen = given[0]!;
    if (chosen === 'blanketLoaInfo') {
      loa = 'BLANKET';
      textEnableInfo = {
        businessName: '',
        authorisedPerson: null,
        address: null,
        serviceProvider: 'Open Numbers',
        currentVoiceCarrier: '',
        nnid,
        loaType: null,
      };
    } else {
      loa = chosen === 'directLoaInfo' ? 'DIRECT' : 'RESELLER';
      textEnableInfo = parseLoa(chosen, body[chosen]!, nnid);
    }
    const scheduled = body.scheduledOsrUpdateTime ?? body.scheduledZipwhipProvisioningTime;
    if (scheduled) {
      const field = body.scheduledOsrUpdateTime
        ? 'scheduledOsrUpdateTime'
        : 'scheduledZipwhipProvisioningTime';
      scheduledOsrUpdateTime = parseTime(scheduled, field);
    }
  }
  return {
    numbers,
    order: {
      projectId,
      displayName,
      regionCode: regionCode as ImportRegion,
      type: kind === 'import' ? 'IMPORT' : 'TYPE_TEXT_ENABLE',
      tollFree,
      loa,
      servicePlanId,
      campaignId: body.campaignId ?? '',
      // Writable on an import only; read-only (ignored) on text-enable requests.
      migrateToSinchTmo: kind === 'import' ? (body.migrateToSinchTmo ?? false) : false,
      callbackUrl,
      nnid,
      scheduledOsrUpdateTime,
      textEnableInfo,
      qualified: kind !== 'import',
      review: null,
      signature: null,
      rejectionReason: '',
    },
  };
}

function waitingStep(now: number): NumberStep {
  return { state: 'WAITING', errorCode: '', errorMessage: '', updatedAt: now };
}

/** The numbers of a new order: every step waiting. */
export function newOrderNumber(
  order: HostingOrderRecord,
  phoneNumber: string,
  now: number,
): HostingOrderNumberRecord {
  return {
    hostingOrderId: order.hostingOrderId,
    projectId: order.projectId,
    phoneNumber,
    osrUpdate: { ...waitingStep(now), nnid: order.nnid },
    platformProvisioning: { ...waitingStep(now), servicePlanId: order.servicePlanId },
    campaignProvisioning: { ...waitingStep(now), campaignId: order.campaignId },
    carriers: Object.fromEntries(
      CARRIERS.map((c) => [
        c,
        { state: 'WAITING', operation: 'PROVISIONING', errorCode: '', errorMessage: '', updatedAt: now },
      ]),
    ) as Record<Carrier, CarrierStep>,
    updatedAt: now,
  };
}

/** Whether a number came through every step its order has. */
export function numberSucceeded(order: HostingOrderRecord, n: HostingOrderNumberRecord): boolean {
  const campaignOk = !order.campaignId || n.campaignProvisioning.state === 'DONE';
  return n.osrUpdate.state === 'DONE' && n.platformProvisioning.state === 'DONE' && campaignOk;
}

export function numberFailed(n: HostingOrderNumberRecord): boolean {
  return [n.osrUpdate, n.platformProvisioning, n.campaignProvisioning].some((s) => s.state === 'FAILED');
}

/** The imported number a completed order number becomes (its carrier work done). */
export function importedFromHosting(
  order: HostingOrderRecord,
  n: HostingOrderNumberRecord,
  now: number,
): ImportedNumberRecord {
  const done = (serviceId: string) => ({
    serviceId,
    type: 'PROVISIONING' as const,
    state: 'DONE' as const,
    updatedAt: now,
    errorCode: '',
    errorMessage: '',
  });
  return {
    phoneNumber: n.phoneNumber,
    projectId: order.projectId,
    regionCode: order.regionCode,
    displayName: order.displayName,
    callbackUrl: order.callbackUrl,
    servicePlanId: order.servicePlanId,
    campaignId: order.campaignId,
    migrateToSinchTmo: order.migrateToSinchTmo,
    smsProvisioning: done(order.servicePlanId),
    campaignProvisioning: order.campaignId ? done(order.campaignId) : null,
    mnoConfiguration: Object.fromEntries(
      CARRIERS.map((c) => [
        c,
        { state: 'DONE', operation: 'PROVISIONING', errorCode: '', errorMessage: '', updatedAt: now },
      ]),
    ) as Record<Carrier, CarrierStep>,
    createdAt: now,
    updatedAt: now,
  };
}

/** The report of an order: totals computed from its numbers. */
export function reportOf(order: HostingOrderRecord, numbers: readonly HostingOrderNumberRecord[]) {
  return {
    total: numbers.length,
    osrUpdated: numbers.filter((n) => n.osrUpdate.state === 'DONE').length,
    smsProvisioned: numbers.filter((n) => n.platformProvisioning.state === 'DONE').length,
    addedToCampaign: order.campaignId
      ? numbers.filter((n) => n.campaignProvisioning.state === 'DONE').length
      : 0,
    ongoingManualAction: numbers.filter(numberFailed).length,
  };
}

/** A per-number step state as the numbers list filters by it. */
export type StepStateFilter = StepState;
