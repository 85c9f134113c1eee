import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { Count } from '../../queryParams.js';
import { errorResponses } from '../../responses.js';
import { Code, PathParam } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { CallbackEvent } from './schemas.js';

/** GET /_sandbox/callbacks — the callback log, newest first, with every delivery attempt. */
export const listCallbacks: Operation = (app, { callbacks }) => {
  app.get(
    '/callbacks',
    {
      schema: {
        operationId: 'SandboxService_ListCallbacks',
        tags: [TAGS.sandbox],
        summary: 'List the callbacks sent or due, with their delivery attempts',
        querystring: Type.Object({
          projectId: Type.Optional(PathParam),
          resourceId: Type.Optional(PathParam),
          eventType: Type.Optional(Code),
          status: Type.Optional(Code),
          pageSize: Type.Optional(Count('At most this many events (default 100, at most 1000)')),
        }),
        response: { 200: Type.Object({ callbacks: Type.Array(CallbackEvent) }), ...errorResponses(400) },
      },
    },
    async (request) => {
      const q = request.query;
      return callbacks.listEvents({
        projectId: q.projectId,
        // A raw `+` in a query string decodes to a space.
        resourceId: q.resourceId?.replace(/^ /, '+'),
        eventType: q.eventType,
        state: q.status,
        limit: Math.min(q.pageSize || 100, 1000),
      });
    },
  );
};
