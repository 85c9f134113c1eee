import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { Faults, SandboxProjectParams } from './schemas.js';

/** PUT /_sandbox/projects/{projectId}/callbackFaults — duplicates, reordering, bad signatures, delays. */
export const updateCallbackFaults: Operation = (app, { callbacks }) => {
  app.put(
    '/projects/:projectId/callbackFaults',
    {
      schema: {
        operationId: 'SandboxService_UpdateCallbackFaults',
        tags: [TAGS.sandbox],
        summary: "Set the faults injected into a project's callback deliveries",
        description: 'Fields left out are switched off.',
        params: SandboxProjectParams,
        body: Type.Partial(Faults),
        response: { 200: Faults, ...errorResponses(400, 404) },
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
