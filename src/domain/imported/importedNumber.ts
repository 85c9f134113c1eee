import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { errors } from '../../errors.js';
import { validateCallbackUrl } from '../numbers/activeNumber.js';
import { isE164 } from '../numbers/phoneNumbers.js';
import { type SmsConfigurationRequest, scheduleSmsChange } from '../numbers/provisioning.js';

/**
 * An imported number (Imported Numbers API): a US or CA number hosted elsewhere that a project
 * brings to the SMS platform. Its configuration is kept here; every change of service plan or
 * campaign records the carrier work it needs (`smsProvisioning`, `campaignProvisioning`,
 * `mnoConfiguration`) as WAITING, and `provisioning.ts` moves it on with the clock.
 */
export const IMPORT_REGIONS = ['US', 'CA'] as const;
export type ImportRegion = (typeof IMPORT_REGIONS)[number];
export type StepState = 'DONE' | 'FAILED' | 'IN_PROGRESS' | 'WAITING' | 'STATE_UNSPECIFIED';
export type StepType = 'PROVISIONING' | 'DEPROVISIONING';
export const CARRIERS = ['smsAtt', 'smsTmo', 'mmsAtt', 'mmsTmo'] as const;
export type Carrier = (typeof CARRIERS)[number];

/** One provisioning step of a number: to the SMS platform (`serviceId` = plan) or a 10DLC campaign. */
export interface ProvisioningStep {
  serviceId: string;
  type: StepType;
  state: StepState;
  updatedAt: number;
  errorCode: string;
  errorMessage: string;
}

export interface CarrierStep {
  state: StepState;
  operation: StepType;
  errorCode: string;
  errorMessage: string;
  updatedAt: number;
}

export interface ImportedNumberRecord {
  phoneNumber: string;
  projectId: string;
  regionCode: ImportRegion;
  displayName: string;
  callbackUrl: string;
  servicePlanId: string;
  campaignId: string;
  migrateToSinchTmo: boolean;
  smsProvisioning: ProvisioningStep | null;
  campaignProvisioning: ProvisioningStep | null;
  mnoConfiguration: Record<Carrier, CarrierStep>;
  /**
   * Counts the changes to the carrier work; a provisioning job carries the revision it was made
   * for, so a job of a superseded change, or a re-run of a done step, does nothing. Absent on
   * numbers imported before provisioning progressed (they wait for their next change).
   */
  provisioningRevision?: number;
  createdAt: number;
  updatedAt: number;
}

export interface ImportRequest {
  phoneNumber?: string;
  projectId?: string;
  regionCode?: string;
  displayName?: string;
  callbackUrl?: string;
  smsConfiguration?: SmsConfigurationRequest & { migrateToSinchTmo?: boolean };
}

export type UpdateRequest = ImportRequest;

export const DISPLAY_NAME_MAX_LENGTH = 256;

/** The number of an import: E.164, valid for its country by libphonenumber, and US or CA. */
export function parseImportable(phoneNumber: string | undefined, regionCode: string | undefined) {
  if (!phoneNumber) throw errors.fieldViolation('phoneNumber', 'phoneNumber is required');
  if (!isE164(phoneNumber)) {
    throw errors.fieldViolation(
      'phoneNumber',
      `"${phoneNumber}" is not an E.164 phone number (for example +12025550134)`,
    );
  }
  const parsed = parsePhoneNumberFromString(phoneNumber);
  if (!parsed?.isValid() || !parsed.country) {
    throw errors.fieldViolation('phoneNumber', `${phoneNumber} is not a valid phone number`);
  }
  const country = parsed.country;
  if (!(IMPORT_REGIONS as readonly string[]).includes(country)) {
    throw errors.fieldViolation(
      'phoneNumber',
      `${phoneNumber} is a ${country} number; only US and CA numbers can be imported`,
    );
  }
  if (!regionCode) throw errors.fieldViolation('regionCode', 'regionCode is required');
  if (regionCode.toUpperCase() !== country) {
    throw errors.fieldViolation('regionCode', `${phoneNumber} is a ${country} number, not ${regionCode}`);
  }
  return { phoneNumber, regionCode: country as ImportRegion };
}

function step(serviceId: string, type: StepType, now: number): ProvisioningStep {
  return { serviceId, type, state: 'WAITING', updatedAt: now, errorCode: '', errorMessage: '' };
}

function carriers(operation: StepType, now: number): Record<Carrier, CarrierStep> {
  return Object.fromEntries(
    CARRIERS.map((carrier) => [
      carrier,
      { state: 'WAITING', operation, errorCode: '', errorMessage: '', updatedAt: now },
    ]),
  ) as Record<Carrier, CarrierStep>;
}

function checkDisplayName(displayName: string) {
  if (displayName.length > DISPLAY_NAME_MAX_LENGTH) {
    throw errors.fieldViolation(
      'displayName',
      `displayName is at most ${DISPLAY_NAME_MAX_LENGTH} characters`,
    );
  }
}

/** A body may repeat the number's own identity (the document's PATCH body is a whole number), never change it. */
function checkIdentity(
  current: { projectId: string; phoneNumber?: string; regionCode?: string },
  body: ImportRequest,
) {
  if (body.projectId !== undefined && body.projectId !== '' && body.projectId !== current.projectId) {
    throw errors.fieldViolation('projectId', 'projectId must be the project of the path');
  }
  if (current.phoneNumber && body.phoneNumber && body.phoneNumber !== current.phoneNumber) {
    throw errors.fieldViolation('phoneNumber', 'phoneNumber cannot change');
  }
  if (current.regionCode && body.regionCode && body.regionCode.toUpperCase() !== current.regionCode) {
    throw errors.fieldViolation('regionCode', 'regionCode cannot change');
  }
}

/** The record an import creates: its SMS configuration is requested, its carrier work waiting. */
export function newImportedNumber(projectId: string, body: ImportRequest, now: number): ImportedNumberRecord {
  checkIdentity({ projectId }, body);
  const { phoneNumber, regionCode } = parseImportable(body.phoneNumber, body.regionCode);
  const sms = body.smsConfiguration;
  if (!sms) throw errors.fieldViolation('smsConfiguration', 'smsConfiguration is required');
  if (!sms.servicePlanId) {
    throw errors.fieldViolation('smsConfiguration.servicePlanId', 'servicePlanId is required');
  }
  const campaignId = sms.campaignId ?? '';
  const displayName = body.displayName ?? '';
  checkDisplayName(displayName);
  const callbackUrl = body.callbackUrl ?? '';
  validateCallbackUrl(callbackUrl);
  return {
    phoneNumber,
    projectId,
    regionCode,
    displayName,
    callbackUrl,
    servicePlanId: sms.servicePlanId,
    campaignId,
    migrateToSinchTmo: sms.migrateToSinchTmo ?? false,
    smsProvisioning: step(sms.servicePlanId, 'PROVISIONING', now),
    campaignProvisioning: campaignId ? step(campaignId, 'PROVISIONING', now) : null,
    mnoConfiguration: carriers('PROVISIONING', now),
    provisioningRevision: 1,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * A PATCH: display name and callback URL as sent; SMS configuration with the Numbers API's rule
 * (unlink with "" before linking another plan or campaign). Each change of plan or campaign
 * records its step (PROVISIONING or DEPROVISIONING) as WAITING. `null` when nothing changes.
 */
export function updateImportedNumber(
  current: ImportedNumberRecord,
  body: UpdateRequest,
  now: number,
): ImportedNumberRecord | null {
  checkIdentity(current, body);
  const next: ImportedNumberRecord = { ...current };
  if (body.displayName !== undefined) {
    checkDisplayName(body.displayName);
    next.displayName = body.displayName;
  }
  if (body.callbackUrl !== undefined) {
    validateCallbackUrl(body.callbackUrl);
    next.callbackUrl = body.callbackUrl;
  }
  if (body.smsConfiguration !== undefined) {
    const target = scheduleSmsChange(
      { servicePlanId: current.servicePlanId, campaignId: current.campaignId, scheduled: null },
      body.smsConfiguration,
      now,
      '',
    );
    if (target) {
      if (target.servicePlanId !== current.servicePlanId) {
        next.smsProvisioning = target.servicePlanId
          ? step(target.servicePlanId, 'PROVISIONING', now)
          : step(current.servicePlanId, 'DEPROVISIONING', now);
        // The carriers follow the SMS platform: configured with a plan, removed without one.
        next.mnoConfiguration = carriers(target.servicePlanId ? 'PROVISIONING' : 'DEPROVISIONING', now);
      }
      if (target.campaignId !== current.campaignId) {
        next.campaignProvisioning = target.campaignId
          ? step(target.campaignId, 'PROVISIONING', now)
          : step(current.campaignId, 'DEPROVISIONING', now);
      }
      next.servicePlanId = target.servicePlanId;
      next.campaignId = target.campaignId;
    }
  }
  const provisioningChanged =
    next.servicePlanId !== current.servicePlanId || next.campaignId !== current.campaignId;
  if (provisioningChanged) next.provisioningRevision = (current.provisioningRevision ?? 0) + 1;
  const changed =
    provisioningChanged ||
    next.displayName !== current.displayName ||
    next.callbackUrl !== current.callbackUrl;
  return changed ? { ...next, updatedAt: now } : null;
}
