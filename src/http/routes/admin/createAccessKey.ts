import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { ErrorEnvelope, ProjectParams } from '../../schemas.js';

/** POST /admin/v1/projects/{projectId}/accessKeys — the secret is in this response only. */
export const createAccessKey: Operation = (app, { auth }) => {
  app.post(
    '/projects/:projectId/accessKeys',
    {
      schema: {
        params: ProjectParams,
        response: {
          200: Type.Object({ projectId: Type.String(), keyId: Type.String(), keySecret: Type.String() }),
          404: ErrorEnvelope,
        },
      },
    },
    async (request) => auth.createAccessKey(request.params.projectId),
  );
};
