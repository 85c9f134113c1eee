import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { PageQuery } from '../../queryParams.js';
import { errorResponses } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { toWireProject } from '../../wire/admin.js';
import { AdminProject } from './adminSchemas.js';

/** GET /admin/v1/projects — every project, oldest first, with its keys and active numbers counted. */
export const listProjects: Operation = (app, { admin }) => {
  app.get(
    '/projects',
    {
      schema: {
        operationId: 'AdminService_ListProjects',
        tags: [TAGS.admin],
        summary: 'List projects with their access keys and active numbers counted',
        querystring: Type.Object(PageQuery),
        response: {
          200: Type.Object({
            projects: Type.Array(AdminProject),
            nextPageToken: Type.String({ description: '"" on the last page' }),
          }),
          ...errorResponses(400),
        },
      },
    },
    async (request) => {
      const page = await admin.listProjects(request.query);
      return { projects: page.projects.map(toWireProject), nextPageToken: page.nextPageToken };
    },
  );
};
