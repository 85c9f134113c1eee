import { Type } from '@sinclair/typebox';
import type { CallbackApi } from '../../../store/types.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { CallbackConfiguration, LIMITS, ProjectParams, Text } from '../../schemas.js';
import { TAGS } from '../../tags.js';

/** PATCH /callbackConfiguration {"hmacSecret"} of one API — 32 to 64 letters, digits or hyphens. */
export const writeCallbackConfiguration =
  ({ api, operationId, tag }: { api: CallbackApi; operationId: string; tag: string }): Operation =>
  (app, { callbacks }) => {
    app.patch(
      '/callbackConfiguration',
      {
        schema: {
          operationId,
          tags: [tag],
          summary: "Set the project's callback signing secret",
          params: ProjectParams,
          body: Type.Object({ hmacSecret: Type.Optional(Text(LIMITS.secret)) }),
          response: { 200: CallbackConfiguration, ...errorResponses(400, 404) },
        },
      },
      async (request) =>
        callbacks.updateConfiguration(request.params.projectId, request.body?.hmacSecret, api),
    );
  };

/** The Numbers API's. */
export const updateCallbackConfiguration = writeCallbackConfiguration({
  api: 'numbers',
  operationId: 'UpdateCallbackConfiguration',
  tag: TAGS.callbacks,
});
