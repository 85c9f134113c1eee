import type { Operation } from '../../deps.js';
import { CallbackConfiguration, errorResponses, ProjectParams } from '../../schemas.js';

/** GET /callbackConfiguration — the project's HMAC secret ("" when none is set). */
export const getCallbackConfiguration: Operation = (app, { callbacks }) => {
  app.get(
    '/callbackConfiguration',
    {
      schema: {
        operationId: 'GetCallbackConfiguration',
        params: ProjectParams,
        response: { 200: CallbackConfiguration, ...errorResponses },
      },
    },
    async (request) => callbacks.getConfiguration(request.params.projectId),
  );
};
