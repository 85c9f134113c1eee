import type { CallbackApi } from '../../../store/types.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { CallbackConfiguration, ProjectParams } from '../../schemas.js';
import { TAGS } from '../../tags.js';

/** GET /callbackConfiguration of one API — the project's HMAC secret ("" when none is set). */
export const readCallbackConfiguration =
  ({ api, operationId, tag }: { api: CallbackApi; operationId: string; tag: string }): Operation =>
  (app, { callbacks }) => {
    app.get(
      '/callbackConfiguration',
      {
        schema: {
          operationId,
          tags: [tag],
          summary: "Read the project's callback signing secret",
          params: ProjectParams,
          response: { 200: CallbackConfiguration, ...errorResponses(400, 404) },
        },
      },
      async (request) => callbacks.getConfiguration(request.params.projectId, api),
    );
  };

/** The Numbers API's. */
export const getCallbackConfiguration = readCallbackConfiguration({
  api: 'numbers',
  operationId: 'GetCallbackConfiguration',
  tag: TAGS.callbacks,
});
