import { Type } from '@sinclair/typebox';
import { toWireTime } from '../../../domain/time.js';
import type { Operation } from '../../deps.js';
import { ErrorEnvelope, PathParam } from '../../schemas.js';

/** POST /admin/v1/projects — `projectId` optional (a UUID is generated). */
export const createProject: Operation = (app, { auth }) => {
  app.post(
    '/projects',
    {
      schema: {
        // The project id becomes a path parameter, so it has the same limit.
        body: Type.Optional(Type.Object({ projectId: Type.Optional(PathParam) })),
        response: {
          200: Type.Object({ projectId: Type.String(), createTime: Type.String() }),
          400: ErrorEnvelope,
          409: ErrorEnvelope,
        },
      },
    },
    async (request) => {
      const project = await auth.createProject(request.body?.projectId);
      return { projectId: project.projectId, createTime: toWireTime(project.createdAt) };
    },
  );
};
