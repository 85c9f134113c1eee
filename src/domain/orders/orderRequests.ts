import type { FieldViolation } from '../../errors.js';
import type { NumberType } from '../inventory/products.js';
import { validateCallbackUrl } from '../numbers/activeNumber.js';
import type { NumberPattern } from '../numbers/patterns.js';
import { isE164 } from '../numbers/phoneNumbers.js';
import {
  EMPTY_SMS,
  EMPTY_VOICE,
  type SmsConfigurationRequest,
  scheduleSmsChange,
  scheduleVoiceChange,
  type VoiceConfigurationRequest,
} from '../numbers/provisioning.js';

/** Upstream: `numberOrderOption.phoneNumbers` holds exactly one number for now. */
export const MAX_NUMBERS_PER_ORDER = 1;
/** `quantityOrderOption.requestedQuantity`: between 1 and 100 numbers (the document). */
export const MAX_QUANTITY_PER_ORDER = 100;

export interface CreateOrderRequest {
  regionCode?: string;
  numberType?: NumberType;
  smsConfiguration?: SmsConfigurationRequest;
  voiceConfiguration?: VoiceConfigurationRequest;
  callbackUrl?: string;
  numberOrderOption?: { phoneNumbers?: string[] };
  quantityOrderOption?: {
    numberPattern?: NumberPattern;
    requestedQuantity?: number;
    sequential?: boolean;
    capabilities?: ('SMS' | 'VOICE')[];
  };
}

/** What is wrong with a create-order request on its own, before any policy or number is read. */
export function createOrderViolations(request: CreateOrderRequest): FieldViolation[] {
  const violations: FieldViolation[] = [];
  if (!request.regionCode) violations.push({ field: 'regionCode', description: 'regionCode is required' });
  if (!request.numberType) violations.push({ field: 'numberType', description: 'numberType is required' });
  const byNumber = request.numberOrderOption;
  const byQuantity = request.quantityOrderOption;
  if (Boolean(byNumber) === Boolean(byQuantity)) {
    violations.push({
      field: 'numberOrderOption',
      description: 'Set exactly one of numberOrderOption and quantityOrderOption',
    });
  }
  if (byNumber && byNumber.phoneNumbers?.length !== MAX_NUMBERS_PER_ORDER) {
    violations.push({
      field: 'numberOrderOption.phoneNumbers',
      description: 'An order holds exactly 1 phone number',
    });
  }
  for (const [i, phone] of (byNumber?.phoneNumbers ?? []).entries()) {
    if (!isE164(phone)) {
      violations.push({
        field: `numberOrderOption.phoneNumbers[${i}]`,
        description: `"${phone}" is not E.164`,
      });
    }
  }
  if (byQuantity) {
    const quantity = byQuantity.requestedQuantity;
    if (quantity === undefined) {
      violations.push({
        field: 'quantityOrderOption.requestedQuantity',
        description: 'requestedQuantity is required: how many numbers to order, 1 to 100',
      });
    } else if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY_PER_ORDER) {
      violations.push({
        field: 'quantityOrderOption.requestedQuantity',
        description: `requestedQuantity must be between 1 and ${MAX_QUANTITY_PER_ORDER}, got ${quantity}`,
      });
    }
  }
  return violations;
}

/** The configuration an order stores for its numbers, checked by the same rules as a rent. */
export function orderConfiguration(request: CreateOrderRequest, at: number) {
  // The same rules as rent: a servicePlanId is required, voice `type` picks the id field.
  const sms = request.smsConfiguration && scheduleSmsChange(EMPTY_SMS, request.smsConfiguration, at, 'x');
  const voice =
    request.voiceConfiguration && scheduleVoiceChange(EMPTY_VOICE, request.voiceConfiguration, at, 'x');
  if (request.callbackUrl !== undefined) validateCallbackUrl(request.callbackUrl);
  return {
    smsConfiguration: sms ? { servicePlanId: sms.servicePlanId, campaignId: sms.campaignId } : null,
    voiceConfiguration: voice
      ? { type: voice.type, appId: voice.appId, trunkId: voice.trunkId, serviceId: voice.serviceId }
      : null,
  };
}
