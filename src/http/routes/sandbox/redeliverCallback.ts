import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { PathParam } from '../../schemas.js';
import { TAGS } from '../../tags.js';

/** POST /_sandbox/callbacks/{eventId}:redeliver — sends an event again, whatever its state. */
export const redeliverCallback: Operation = (app, { callbacks }) => {
  app.post(
    '/callbacks/:eventId(^[^:]+)::redeliver',
    {
      schema: {
        operationId: 'SandboxService_RedeliverCallback',
        tags: [TAGS.sandbox],
        summary: 'Send a callback again',
        params: Type.Object({ eventId: PathParam }),
        response: {
          200: Type.Object({ eventId: Type.String(), deliveryState: Type.String() }),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request) => callbacks.redeliver(request.params.eventId),
  );
};
