import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { CallbackConfiguration, LIMITS, ProjectParams, Text } from '../../schemas.js';
import { TAGS } from '../../tags.js';

/** PATCH /callbackConfiguration {"hmacSecret"} — 1 to 36 characters. */
export const updateCallbackConfiguration: Operation = (app, { callbacks }) => {
  app.patch(
    '/callbackConfiguration',
    {
      schema: {
        operationId: 'UpdateCallbackConfiguration',
        tags: [TAGS.callbacks],
        summary: "Set the project's callback signing secret",
        params: ProjectParams,
        body: Type.Object({ hmacSecret: Type.Optional(Text(LIMITS.secret)) }),
        response: { 200: CallbackConfiguration, ...errorResponses(400, 404) },
      },
    },
    async (request) => callbacks.updateConfiguration(request.params.projectId, request.body?.hmacSecret),
  );
};
