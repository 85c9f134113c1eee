import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { CallbackConfiguration, errorResponses, LIMITS, ProjectParams, Text } from '../../schemas.js';

/** PATCH /callbackConfiguration {"hmacSecret"} — 1 to 36 characters. */
export const updateCallbackConfiguration: Operation = (app, { callbacks }) => {
  app.patch(
    '/callbackConfiguration',
    {
      schema: {
        operationId: 'UpdateCallbackConfiguration',
        params: ProjectParams,
        body: Type.Object({ hmacSecret: Type.Optional(Text(LIMITS.secret)) }),
        response: { 200: CallbackConfiguration, ...errorResponses },
      },
    },
    async (request) => callbacks.updateConfiguration(request.params.projectId, request.body?.hmacSecret),
  );
};
