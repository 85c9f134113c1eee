import { errors, type FieldViolation } from '../../errors.js';

/**
 * SMS and voice configuration changes are never applied directly: a change is scheduled
 * (`WAITING`), picked up (`IN_PROGRESS`) and then either promoted to the top level or left
 * `FAILED`. This module holds those rules as pure functions of (state, request, now).
 */

export type ProvisioningStatus = 'WAITING' | 'IN_PROGRESS' | 'FAILED';
export type VoiceType = 'RTC' | 'EST' | 'FAX';

export const SMS_ERROR_CODES = [
  'ERROR_CODE_UNSPECIFIED',
  'INTERNAL_ERROR',
  'SMS_PROVISIONING_FAILED',
  'CAMPAIGN_PROVISIONING_FAILED',
  'CAMPAIGN_NOT_AVAILABLE',
  'EXCEEDED_10DLC_LIMIT',
  'NUMBER_PROVISIONING_FAILED',
  'PARTNER_SERVICE_UNAVAILABLE',
  'CAMPAIGN_PENDING_ACCEPTANCE',
  'MNO_SHARING_ERROR',
  'CAMPAIGN_EXPIRED',
  'CAMPAIGN_MNO_REJECTED',
  'CAMPAIGN_MNO_SUSPENDED',
  'CAMPAIGN_MNO_REVIEW',
  'INSUFFICIENT_BALANCE',
  'MOCK_CAMPAIGN_NOT_ALLOWED',
  'TFN_NOT_ALLOWED',
  'INVALID_NNID',
] as const;
export type SmsErrorCode = (typeof SMS_ERROR_CODES)[number];

/** Values starting with this prefix make provisioning fail; `FAIL_<CODE>` picks the error code. */
export const FAILURE_PREFIX = 'FAIL_';

export interface SmsTarget {
  servicePlanId: string;
  campaignId: string;
}
export interface ScheduledSms extends SmsTarget {
  /** Identifies this scheduled change, so a job for a superseded change does nothing. */
  id: string;
  status: ProvisioningStatus;
  lastUpdatedTime: number;
  errorCodes: SmsErrorCode[];
}
export interface SmsState extends SmsTarget {
  scheduled: ScheduledSms | null;
}

export interface VoiceTarget {
  type: VoiceType;
  appId: string;
  trunkId: string;
  serviceId: string;
}
export interface ScheduledVoice extends VoiceTarget {
  id: string;
  status: ProvisioningStatus;
  lastUpdatedTime: number;
}
export interface VoiceState extends VoiceTarget {
  lastUpdatedTime: number | null;
  scheduled: ScheduledVoice | null;
}

export interface SmsConfigurationRequest {
  servicePlanId?: string | null;
  campaignId?: string | null;
}
export interface VoiceConfigurationRequest {
  type?: string;
  appId?: string | null;
  trunkId?: string | null;
  serviceId?: string | null;
}

export const EMPTY_SMS: SmsState = { servicePlanId: '', campaignId: '', scheduled: null };
export const EMPTY_VOICE: VoiceState = {
  type: 'RTC',
  appId: '',
  trunkId: '',
  serviceId: '',
  lastUpdatedTime: null,
  scheduled: null,
};

const VOICE_ID_FIELD = { RTC: 'appId', EST: 'trunkId', FAX: 'serviceId' } as const;
const VOICE_ID_FIELDS = ['appId', 'trunkId', 'serviceId'] as const;

function relinkViolation(field: string, linked: string, kind: string): FieldViolation {
  return {
    field,
    description: `The number is linked to ${kind} "${linked}". Unlink it first by sending "" and link the new value in a later request.`,
  };
}

/**
 * Validates an SMS configuration request against the current state and returns the change to
 * schedule, or `null` when the request asks for what is already configured.
 */
export function scheduleSmsChange(
  current: SmsState,
  request: SmsConfigurationRequest,
  now: number,
  id: string,
  field = 'smsConfiguration',
): ScheduledSms | null {
  if (request.servicePlanId === undefined && request.campaignId === undefined) {
    throw errors.fieldViolation(`${field}.servicePlanId`, 'servicePlanId is required; send "" to unlink');
  }
  const target: SmsTarget = {
    servicePlanId:
      request.servicePlanId === undefined ? current.servicePlanId : (request.servicePlanId ?? ''),
    campaignId: request.campaignId === undefined ? current.campaignId : (request.campaignId ?? ''),
  };
  if (target.servicePlanId === '' && target.campaignId !== '') {
    throw errors.fieldViolation(
      `${field}.campaignId`,
      'A campaign needs a service plan; unlink the campaign too',
    );
  }
  const violations: FieldViolation[] = [];
  if (current.servicePlanId && target.servicePlanId && target.servicePlanId !== current.servicePlanId) {
    violations.push(relinkViolation(`${field}.servicePlanId`, current.servicePlanId, 'service plan'));
  }
  if (current.campaignId && target.campaignId && target.campaignId !== current.campaignId) {
    violations.push(relinkViolation(`${field}.campaignId`, current.campaignId, 'campaign'));
  }
  if (violations.length) throw errors.invalidArgument('Unlink before linking a new value', violations);
  if (target.servicePlanId === current.servicePlanId && target.campaignId === current.campaignId) return null;
  return { id, ...target, status: 'WAITING', lastUpdatedTime: now, errorCodes: [] };
}

/**
 * Same as `scheduleSmsChange` for voice: `type` picks which id field applies (RTC when omitted).
 * A switch of type is scheduled; the top level keeps the current type until it is promoted.
 */
export function scheduleVoiceChange(
  current: VoiceState,
  request: VoiceConfigurationRequest,
  now: number,
  id: string,
  field = 'voiceConfiguration',
): ScheduledVoice | null {
  const type = (request.type ?? 'RTC') as VoiceType;
  if (!Object.hasOwn(VOICE_ID_FIELD, type)) {
    throw errors.fieldViolation(
      `${field}.type`,
      `"${request.type}" is not a valid value; use RTC, EST or FAX`,
    );
  }
  const idField = VOICE_ID_FIELD[type];
  const violations: FieldViolation[] = [];
  if (request[idField] === undefined) {
    violations.push({
      field: `${field}.${idField}`,
      description: `${idField} is required for type ${type}; send "" to unlink`,
    });
  }
  for (const other of VOICE_ID_FIELDS) {
    if (other !== idField && request[other]) {
      violations.push({ field: `${field}.${other}`, description: `${other} does not apply to type ${type}` });
    }
  }
  if (violations.length) throw errors.invalidArgument('Invalid voice configuration', violations);

  const value = request[idField] ?? '';
  const target: VoiceTarget = { type, appId: '', trunkId: '', serviceId: '', [idField]: value };
  // A switch to another type (RTC → FAX, EST → RTC) is scheduled like any change, as Sinch's mock
  // and the Java SDK fixture VoiceConfigurationDtoRTCSwitchToFAX.json show; another id of the same
  // type still needs an unlink first.
  const linkedField = VOICE_ID_FIELDS.find((f) => current[f] !== '');
  if (linkedField && value !== '' && linkedField === idField && current[linkedField] !== value) {
    throw errors.invalidArgument('Unlink before linking a new value', [
      relinkViolation(
        `${field}.${idField}`,
        `${current.type} ${current[linkedField]}`,
        'voice configuration',
      ),
    ]);
  }
  const unchanged =
    VOICE_ID_FIELDS.every((f) => current[f] === target[f]) && (value === '' || current.type === type);
  if (unchanged) return null;
  return { id, ...target, status: 'WAITING', lastUpdatedTime: now };
}

/** Which part of an SMS change fails, and with which code; `null` when it succeeds. */
export function smsFailureDetail(
  target: SmsTarget,
): { part: 'servicePlan' | 'campaign'; code: SmsErrorCode } | null {
  const planFailure = forcedFailure(target.servicePlanId, 'SMS_PROVISIONING_FAILED');
  if (planFailure) return { part: 'servicePlan', code: planFailure };
  const campaignFailure = forcedFailure(target.campaignId, 'CAMPAIGN_PROVISIONING_FAILED');
  return campaignFailure ? { part: 'campaign', code: campaignFailure } : null;
}

export function voiceProvisioningFails(target: VoiceTarget): boolean {
  return VOICE_ID_FIELDS.some((f) => target[f].startsWith(FAILURE_PREFIX));
}

/** The error code a `FAIL_…` value forces (`FAIL_<CODE>` picks it), or null for a value that succeeds. */
export function forcedFailure(value: string, fallback: SmsErrorCode): SmsErrorCode | null {
  if (!value.startsWith(FAILURE_PREFIX)) return null;
  const code = value.slice(FAILURE_PREFIX.length) as SmsErrorCode;
  return SMS_ERROR_CODES.includes(code) ? code : fallback;
}

export type StepResult<S> = { state: S; done: boolean } | null;

/**
 * Whether a job for step `from` of change `scheduledId` still applies. A job runs at least once:
 * a re-run of a step that already happened, or a step of a superseded change, does nothing.
 */
function isDue(
  scheduled: { id: string; status: ProvisioningStatus } | null,
  scheduledId: string,
  from: ProvisioningStatus,
): scheduled is ScheduledSms | ScheduledVoice {
  return scheduled !== null && scheduled.id === scheduledId && scheduled.status === from && from !== 'FAILED';
}

/**
 * Moves a scheduled SMS change one step: WAITING → IN_PROGRESS, then IN_PROGRESS → promoted
 * (success) or FAILED. Returns `null` when the job is stale (the change was superseded).
 */
export function advanceSms(
  state: SmsState,
  scheduledId: string,
  now: number,
  from: ProvisioningStatus = state.scheduled?.status ?? 'WAITING',
): StepResult<SmsState> {
  const scheduled = state.scheduled;
  if (!isDue(scheduled, scheduledId, from)) return null;
  if (scheduled.status === 'WAITING') {
    return {
      state: { ...state, scheduled: { ...scheduled, status: 'IN_PROGRESS', lastUpdatedTime: now } },
      done: false,
    };
  }
  const failure = smsFailureDetail(scheduled);
  if (failure?.part === 'campaign') {
    // The service plan was provisioned (its event says SUCCEEDED); only the campaign link failed.
    return {
      state: {
        servicePlanId: scheduled.servicePlanId,
        campaignId: state.campaignId,
        scheduled: { ...scheduled, status: 'FAILED', lastUpdatedTime: now, errorCodes: [failure.code] },
      },
      done: true,
    };
  }
  if (failure) {
    // Upstream leaves the failed change visible and the top-level service plan empty.
    return {
      state: {
        ...state,
        servicePlanId: '',
        scheduled: { ...scheduled, status: 'FAILED', lastUpdatedTime: now, errorCodes: [failure.code] },
      },
      done: true,
    };
  }
  return {
    state: { servicePlanId: scheduled.servicePlanId, campaignId: scheduled.campaignId, scheduled: null },
    done: true,
  };
}

export function advanceVoice(
  state: VoiceState,
  scheduledId: string,
  now: number,
  from: ProvisioningStatus = state.scheduled?.status ?? 'WAITING',
): StepResult<VoiceState> {
  const scheduled = state.scheduled;
  if (!isDue(scheduled, scheduledId, from)) return null;
  if (scheduled.status === 'WAITING') {
    return {
      state: { ...state, scheduled: { ...scheduled, status: 'IN_PROGRESS', lastUpdatedTime: now } },
      done: false,
    };
  }
  if (voiceProvisioningFails(scheduled)) {
    return {
      state: { ...state, scheduled: { ...scheduled, status: 'FAILED', lastUpdatedTime: now } },
      done: true,
    };
  }
  const { type, appId, trunkId, serviceId } = scheduled;
  // Upstream keeps voiceConfiguration.lastUpdatedTime null even after provisioning (live captures).
  return {
    state: { type, appId, trunkId, serviceId, lastUpdatedTime: state.lastUpdatedTime, scheduled: null },
    done: true,
  };
}
