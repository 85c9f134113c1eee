import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { Faults, SandboxProjectParams } from './schemas.js';

/** GET /_sandbox/projects/{projectId}/callbackFaults — the delivery faults in force. */
export const getCallbackFaults: Operation = (app, { callbacks }) => {
  app.get(
    '/projects/:projectId/callbackFaults',
    {
      schema: {
        operationId: 'SandboxService_GetCallbackFaults',
        tags: [TAGS.sandbox],
        summary: "Read the faults injected into a project's callback deliveries",
        params: SandboxProjectParams,
        response: { 200: Faults, ...errorResponses(400) },
      },
    },
    async (request) => callbacks.getFaults(request.params.projectId),
  );
};
