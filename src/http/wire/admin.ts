import type { AuditEntry } from '../../domain/admin/audit.js';
import { toWireTime } from '../../domain/time.js';
import type { AccessKeyInfo, ProjectSummary } from '../../store/auth/port.js';
import type { InventoryCount, PricedProduct } from '../../store/inventory/port.js';

/** A project in the operator's list. */
export function toWireProject(p: ProjectSummary) {
  return {
    projectId: p.projectId,
    createTime: toWireTime(p.createdAt),
    activeNumbers: p.activeNumbers,
    accessKeys: p.accessKeys,
    activeAccessKeys: p.activeAccessKeys,
  };
}

/** An access key as listed: never its secret. */
export function toWireAccessKey(k: AccessKeyInfo) {
  return {
    keyId: k.keyId,
    projectId: k.projectId,
    createTime: toWireTime(k.createdAt),
    state: k.revokedAt === null ? ('ACTIVE' as const) : ('REVOKED' as const),
    revokeTime: toWireTime(k.revokedAt),
  };
}

export function toWireInventoryCount(c: InventoryCount) {
  return {
    regionCode: c.regionCode,
    type: c.numberType,
    available: c.available,
    reserved: c.reserved,
    active: c.active,
  };
}

/** A product's prices, with the Money objects of the Numbers API's answers. */
export function toWirePrice(p: PricedProduct) {
  return {
    regionCode: p.regionCode,
    type: p.numberType,
    setupPrice: { currencyCode: p.currencyCode, amount: p.setupPrice },
    monthlyPrice: { currencyCode: p.currencyCode, amount: p.monthlyPrice },
    paymentIntervalMonths: p.paymentIntervalMonths,
    capabilities: p.capabilities,
    supportingDocumentationRequired: p.supportingDocumentationRequired,
    source: p.priceSetAt === null ? ('GENERATED' as const) : ('OPERATOR' as const),
    updateTime: toWireTime(p.priceSetAt),
  };
}

export function toWireAuditEntry(e: AuditEntry) {
  return {
    id: e.id,
    time: toWireTime(e.at),
    actor: e.actor,
    action: e.action,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    projectId: e.projectId,
    reason: e.reason,
    details: e.details,
  };
}
