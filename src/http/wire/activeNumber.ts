import type { Capability } from '../../domain/inventory/products.js';
import { capabilitiesFromMask } from '../../domain/inventory/products.js';
import { type ActiveNumberRecord, nextChargeDate } from '../../domain/numbers/activeNumber.js';
import { toWireTime } from '../../domain/time.js';

/**
 * An active number on the wire (contract §4.1), keys in the order the live service emits them.
 * `now` matters: the next charge date is derived on read.
 */
export function toWireActiveNumber(record: ActiveNumberRecord, now: number) {
  const { sms, voice } = record;
  return {
    phoneNumber: record.phoneNumber,
    projectId: record.projectId,
    displayName: record.displayName,
    regionCode: record.regionCode,
    type: record.numberType,
    capability: capabilitiesFromMask(record.capabilities) as Capability[],
    money: record.money,
    paymentIntervalMonths: record.paymentIntervalMonths,
    nextChargeDate: toWireTime(nextChargeDate(record, now)),
    expireAt: toWireTime(record.expireAt),
    smsConfiguration: {
      servicePlanId: sms.servicePlanId,
      scheduledProvisioning: sms.scheduled && {
        servicePlanId: sms.scheduled.servicePlanId,
        status: sms.scheduled.status,
        lastUpdatedTime: toWireTime(sms.scheduled.lastUpdatedTime),
        campaignId: sms.scheduled.campaignId,
        errorCodes: sms.scheduled.errorCodes,
      },
      campaignId: sms.campaignId,
    },
    voiceConfiguration: {
      appId: voice.appId,
      scheduledVoiceProvisioning: voice.scheduled && {
        appId: voice.scheduled.appId,
        status: voice.scheduled.status,
        lastUpdatedTime: toWireTime(voice.scheduled.lastUpdatedTime),
        type: voice.scheduled.type,
        trunkId: voice.scheduled.trunkId,
        serviceId: voice.scheduled.serviceId,
      },
      lastUpdatedTime: toWireTime(voice.lastUpdatedTime),
      type: voice.type,
      trunkId: voice.trunkId,
      serviceId: voice.serviceId,
    },
    callbackUrl: record.callbackUrl,
  };
}

/** A page of active numbers as `numbersService.listActive` returns it. */
export function toWireActiveNumberPage(
  page: { records: ActiveNumberRecord[]; nextPageToken: string; totalSize: number },
  now: number,
) {
  return {
    activeNumbers: page.records.map((record) => toWireActiveNumber(record, now)),
    nextPageToken: page.nextPageToken,
    totalSize: page.totalSize,
  };
}
