import { Type } from '@sinclair/typebox';
import { AUDIT_ACTIONS, AUDIT_RESOURCE_TYPES } from '../../../domain/admin/audit.js';
import { CapabilityValues, Money, Nullable, NumberTypeValue, StringEnum } from '../../schemas.js';

/** Wire shapes of the operator's projects, keys, inventory, prices and audit log (wire/admin.ts). */

export const AdminProject = Type.Object({
  projectId: Type.String(),
  createTime: Type.String(),
  activeNumbers: Type.Integer({ description: 'Rented numbers (released ones until their expireAt)' }),
  accessKeys: Type.Integer({ description: 'Access keys, revoked ones included' }),
  activeAccessKeys: Type.Integer(),
});

export const AdminAccessKey = Type.Object({
  keyId: Type.String(),
  projectId: Type.String(),
  createTime: Type.String(),
  state: StringEnum(['ACTIVE', 'REVOKED'] as const),
  revokeTime: Nullable(Type.String()),
});

export const InventoryCount = Type.Object({
  regionCode: Type.String(),
  type: NumberTypeValue,
  available: Type.Integer({ description: 'For sale' }),
  reserved: Type.Integer({ description: 'Held by a number order (created or in review)' }),
  active: Type.Integer({ description: 'Rented (released numbers until they return)' }),
});

export const ProductPrice = Type.Object({
  regionCode: Type.String(),
  type: NumberTypeValue,
  setupPrice: Money,
  monthlyPrice: Money,
  paymentIntervalMonths: Type.Integer(),
  capabilities: CapabilityValues,
  supportingDocumentationRequired: Type.Boolean(),
  source: StringEnum(['GENERATED', 'OPERATOR'] as const, {
    description: "GENERATED: the price table's; OPERATOR: set with PUT /admin/v1/prices/{regionCode}/{type}",
  }),
  updateTime: Nullable(Type.String({ description: 'When an operator last set it' })),
});

export const AuditLogEntry = Type.Object({
  id: Type.String(),
  time: Type.String({ description: 'Service clock' }),
  actor: Type.String({ description: 'X-Open-Numbers-Actor, a reviewer, "admin-token" or "sandbox"' }),
  action: StringEnum(AUDIT_ACTIONS),
  resourceType: StringEnum(AUDIT_RESOURCE_TYPES),
  resourceId: Type.String(),
  projectId: Type.String({ description: '"" for decisions of no project (prices, imports, policies)' }),
  reason: Type.String(),
  details: Type.Object(
    {},
    { additionalProperties: true, description: 'decision, prices before and after, counts…' },
  ),
});
