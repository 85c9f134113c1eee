import { Type } from '@sinclair/typebox';
import { ActorHeaders, actorOf } from '../../actor.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { ProjectParams } from '../../schemas.js';
import { TAGS } from '../../tags.js';

/** POST /admin/v1/projects/{projectId}/accessKeys — the secret is in this response only. */
export const createAccessKey: Operation = (app, { auth }) => {
  app.post(
    '/projects/:projectId/accessKeys',
    {
      schema: {
        operationId: 'AdminService_CreateAccessKey',
        tags: [TAGS.admin],
        summary: 'Create an access key for a project (its secret is shown once)',
        params: ProjectParams,
        headers: ActorHeaders,
        response: {
          200: Type.Object({ projectId: Type.String(), keyId: Type.String(), keySecret: Type.String() }),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request) => auth.createAccessKey(request.params.projectId, actorOf(request)),
  );
};
