import { Type } from '@sinclair/typebox';
import { toWireTime } from '../../../domain/time.js';
import { ActorHeaders, actorOf } from '../../actor.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { PathParam } from '../../schemas.js';
import { TAGS } from '../../tags.js';

/** POST /admin/v1/projects — `projectId` optional (a UUID is generated). */
export const createProject: Operation = (app, { auth }) => {
  app.post(
    '/projects',
    {
      schema: {
        operationId: 'AdminService_CreateProject',
        tags: [TAGS.admin],
        summary: 'Create a project',
        headers: ActorHeaders,
        // The project id becomes a path parameter, so it has the same limit.
        body: Type.Optional(
          Type.Object(
            { projectId: Type.Optional(PathParam) },
            { description: 'Without projectId, a UUID is made' },
          ),
        ),
        response: {
          200: Type.Object({ projectId: Type.String(), createTime: Type.String() }),
          ...errorResponses(400, 409),
        },
      },
    },
    async (request) => {
      const project = await auth.createProject(request.body?.projectId, actorOf(request));
      return { projectId: project.projectId, createTime: toWireTime(project.createdAt) };
    },
  );
};
