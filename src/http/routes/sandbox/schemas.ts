import { Type } from '@sinclair/typebox';
import { PathParam } from '../../schemas.js';

/** Wire schemas of the sandbox controls, shared by the operations of this folder. */

const Delivery = Type.Object({
  attempt: Type.Integer(),
  time: Type.String(),
  requestHeaders: Type.Record(Type.String(), Type.String()),
  requestBody: Type.String(),
  responseStatus: Type.Union([Type.Integer(), Type.Null()]),
  latencyMs: Type.Integer(),
  error: Type.String(),
});

export const CallbackEvent = Type.Object({
  eventId: Type.String(),
  projectId: Type.String(),
  resourceType: Type.String(),
  resourceId: Type.String(),
  eventType: Type.String(),
  status: Type.String(),
  url: Type.String(),
  deliveryState: Type.String(),
  attempts: Type.Integer(),
  createTime: Type.String(),
  updateTime: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  deliveries: Type.Array(Delivery),
});

export const Faults = Type.Object({
  duplicate: Type.Boolean(),
  outOfOrder: Type.Boolean(),
  wrongSignature: Type.Boolean(),
  delaySeconds: Type.Integer({ minimum: 0, maximum: 86_400 }),
});

export const SandboxProjectParams = Type.Object({ projectId: PathParam });

export const Now = Type.Object({ now: Type.String({ description: 'The sandbox clock' }) });
