import type {
  Carrier,
  CarrierStep,
  ImportedNumberRecord,
  ProvisioningStep,
} from '../../domain/imported/importedNumber.js';
import { CARRIERS } from '../../domain/imported/importedNumber.js';
import { toWireTime } from '../../domain/time.js';

function wireStep(step: ProvisioningStep, serviceType: 'SMS' | 'CAMPAIGN') {
  return {
    serviceType,
    serviceId: step.serviceId,
    type: step.type,
    state: step.state,
    updateTime: toWireTime(step.updatedAt),
    errorMessage: step.errorMessage,
    errorCode: step.errorCode,
  };
}

function wireCarrier(step: CarrierStep) {
  return {
    state: step.state,
    errorCode: step.errorCode,
    errorMessage: step.errorMessage,
    updateTime: toWireTime(step.updatedAt),
    operation: step.operation,
  };
}

/**
 * An imported number on the wire (the document's `ImportedNumberResponse`): the number, its SMS
 * configuration, and its carrier steps. Absent steps are omitted, as the document omits unset
 * objects; `scheduledProvisioning` is omitted too, since no change is scheduled in this increment.
 */
export function toWireImportedNumber(r: ImportedNumberRecord) {
  return {
    phoneNumber: r.phoneNumber,
    projectId: r.projectId,
    regionCode: r.regionCode,
    displayName: r.displayName,
    smsConfiguration: {
      servicePlanId: r.servicePlanId,
      campaignId: r.campaignId,
      migrateToSinchTmo: r.migrateToSinchTmo,
    },
    callbackUrl: r.callbackUrl,
    mnoConfiguration: Object.fromEntries(
      CARRIERS.map((c) => [c, wireCarrier(r.mnoConfiguration[c])]),
    ) as Record<Carrier, ReturnType<typeof wireCarrier>>,
    ...(r.smsProvisioning ? { smsProvisioning: wireStep(r.smsProvisioning, 'SMS') } : {}),
    ...(r.campaignProvisioning ? { campaignProvisioning: wireStep(r.campaignProvisioning, 'CAMPAIGN') } : {}),
  };
}
