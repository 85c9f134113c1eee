import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { nonNegativeInteger } from '../../queryValues.js';
import { Code, ErrorEnvelope, LIMITS, PathParam, Text } from '../../schemas.js';

const Delivery = Type.Object({
  attempt: Type.Integer(),
  time: Type.String(),
  requestHeaders: Type.Record(Type.String(), Type.String()),
  requestBody: Type.String(),
  responseStatus: Type.Union([Type.Integer(), Type.Null()]),
  latencyMs: Type.Integer(),
  error: Type.String(),
});

const CallbackEvent = Type.Object({
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

const Faults = Type.Object({
  duplicate: Type.Boolean(),
  outOfOrder: Type.Boolean(),
  wrongSignature: Type.Boolean(),
  delaySeconds: Type.Integer({ minimum: 0, maximum: 86_400 }),
});

/**
 * The callback log and delivery faults: GET /_sandbox/callbacks (filters projectId, resourceId,
 * eventType, status = PENDING|DELIVERED|DEAD, pageSize), POST /_sandbox/callbacks/{eventId}:redeliver,
 * GET/PUT /_sandbox/projects/{projectId}/callbackFaults.
 */
export const sandboxCallbacks: Operation = (app, { callbacks }) => {
  app.get(
    '/callbacks',
    {
      schema: {
        querystring: Type.Object({
          projectId: Type.Optional(PathParam),
          resourceId: Type.Optional(PathParam),
          eventType: Type.Optional(Code),
          status: Type.Optional(Code),
          pageSize: Type.Optional(Text(LIMITS.numberText)),
        }),
        response: { 200: Type.Object({ callbacks: Type.Array(CallbackEvent) }), 400: ErrorEnvelope },
      },
    },
    async (request) => {
      const q = request.query;
      return callbacks.listEvents({
        projectId: q.projectId || undefined,
        resourceId: q.resourceId?.replace(/^ /, '+') || undefined,
        eventType: q.eventType || undefined,
        state: q.status || undefined,
        limit: Math.min(nonNegativeInteger('pageSize', q.pageSize) || 100, 1000),
      });
    },
  );

  app.post(
    '/callbacks/:eventId(^[^:]+)::redeliver',
    {
      schema: {
        params: Type.Object({ eventId: PathParam }),
        response: {
          200: Type.Object({ eventId: Type.String(), deliveryState: Type.String() }),
          404: ErrorEnvelope,
        },
      },
    },
    async (request) => callbacks.redeliver(request.params.eventId),
  );

  app.get(
    '/projects/:projectId/callbackFaults',
    { schema: { params: Type.Object({ projectId: PathParam }), response: { 200: Faults } } },
    async (request) => callbacks.getFaults(request.params.projectId),
  );

  app.put(
    '/projects/:projectId/callbackFaults',
    {
      schema: {
        params: Type.Object({ projectId: PathParam }),
        body: Type.Partial(Faults),
        response: { 200: Faults, 400: ErrorEnvelope, 404: ErrorEnvelope },
      },
    },
    async (request) =>
      callbacks.setFaults(request.params.projectId, {
        duplicate: request.body.duplicate ?? false,
        outOfOrder: request.body.outOfOrder ?? false,
        wrongSignature: request.body.wrongSignature ?? false,
        delaySeconds: request.body.delaySeconds ?? 0,
      }),
  );
};
