import type { HostingOrderNumberRecord, HostingOrderRecord } from '../../domain/hosting/hostingOrder.js';
import type { Carrier } from '../../domain/imported/importedNumber.js';
import { toWireTime } from '../../domain/time.js';

function wireTextEnableInfo(order: HostingOrderRecord) {
  const info = order.textEnableInfo;
  if (!info) return undefined;
  return {
    ...(info.businessName ? { businessName: info.businessName } : {}),
    ...(info.authorisedPerson ? { authorisedPerson: info.authorisedPerson } : {}),
    ...(info.address ? { address: info.address } : {}),
    serviceProvider: info.serviceProvider,
    ...(info.currentVoiceCarrier ? { currentVoiceCarrier: info.currentVoiceCarrier } : {}),
    nnid: info.nnid,
    ...(info.loaType ? { loaType: info.loaType } : {}),
  };
}

/** The document's `ImportHostingOrder` (the answer of :importNumbers). */
export function toWireImportHostingOrder(order: HostingOrderRecord) {
  return {
    projectId: order.projectId,
    hostingOrderId: order.hostingOrderId,
    displayName: order.displayName,
    regionCode: order.regionCode,
    state: order.state,
    type: order.type,
    createdTime: toWireTime(order.createdAt),
    updatedTime: toWireTime(order.updatedAt),
    servicePlanId: order.servicePlanId,
    campaignId: order.campaignId,
    migrateToSinchTmo: order.migrateToSinchTmo,
    callbackUrl: order.callbackUrl,
  };
}

/** The document's `HostingOrder`: unset parts (schedule, LOA details) are omitted. */
export function toWireHostingOrder(order: HostingOrderRecord) {
  const textEnableInfo = wireTextEnableInfo(order);
  return {
    ...toWireImportHostingOrder(order),
    ...(order.scheduledOsrUpdateTime !== null
      ? { scheduledOsrUpdateTime: toWireTime(order.scheduledOsrUpdateTime) }
      : {}),
    ...(textEnableInfo ? { textEnableInfo } : {}),
  };
}

/** An order as operators see it: with its review, signature and rejection reason (the audit). */
export function toWireAdminHostingOrder(order: HostingOrderRecord) {
  return {
    ...toWireHostingOrder(order),
    loa: order.loa,
    tollFree: order.tollFree,
    rejectionReason: order.rejectionReason,
    review: order.review && { ...order.review, at: toWireTime(order.review.at) },
    signature: order.signature && { ...order.signature, at: toWireTime(order.signature.at) },
  };
}

/** The document's `HostingOrderNumber`. */
export function toWireHostingOrderNumber(n: HostingOrderNumberRecord) {
  return {
    projectId: n.projectId,
    hostingOrderId: n.hostingOrderId,
    phoneNumber: n.phoneNumber,
    osrUpdate: { nnid: n.osrUpdate.nnid, state: n.osrUpdate.state },
    campaignProvisioning: {
      campaignId: n.campaignProvisioning.campaignId,
      state: n.campaignProvisioning.state,
    },
    platformProvisioning: {
      servicePlanId: n.platformProvisioning.servicePlanId,
      state: n.platformProvisioning.state,
    },
    smsAtt: wireCarrier(n, 'smsAtt'),
    smsTmo: wireCarrier(n, 'smsTmo'),
    mmsAtt: wireCarrier(n, 'mmsAtt'),
    mmsTmo: wireCarrier(n, 'mmsTmo'),
  };
}

function wireCarrier(n: HostingOrderNumberRecord, c: Carrier) {
  const step = n.carriers[c];
  return {
    state: step.state,
    errorCode: step.errorCode,
    errorMessage: step.errorMessage,
    updateTime: toWireTime(step.updatedAt),
  };
}
