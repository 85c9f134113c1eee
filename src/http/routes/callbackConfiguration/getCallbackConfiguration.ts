import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { CallbackConfiguration, ProjectParams } from '../../schemas.js';
import { TAGS } from '../../tags.js';

/** GET /callbackConfiguration — the project's HMAC secret ("" when none is set). */
export const getCallbackConfiguration: Operation = (app, { callbacks }) => {
  app.get(
    '/callbackConfiguration',
    {
      schema: {
        operationId: 'GetCallbackConfiguration',
        tags: [TAGS.callbacks],
        summary: "Read the project's callback signing secret",
        params: ProjectParams,
        response: { 200: CallbackConfiguration, ...errorResponses(400, 404) },
      },
    },
    async (request) => callbacks.getConfiguration(request.params.projectId),
  );
};
