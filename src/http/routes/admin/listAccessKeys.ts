import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { ProjectParams } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireAccessKey } from '../../wire/admin.js';
import { AdminAccessKey } from './adminSchemas.js';

/** GET /admin/v1/projects/{projectId}/accessKeys — ids, times and state; never a secret. */
export const listAccessKeys: Operation = (app, { admin }) => {
  app.get(
    '/projects/:projectId/accessKeys',
    {
      schema: {
        operationId: 'AdminService_ListAccessKeys',
        tags: [TAGS.admin],
        summary: "List a project's access keys (no secrets), oldest first",
        params: ProjectParams,
        response: { 200: Type.Object({ accessKeys: Type.Array(AdminAccessKey) }), ...errorResponses(404) },
      },
    },
    async (request) => ({
      accessKeys: (await admin.listAccessKeys(request.params.projectId)).map(toWireAccessKey),
    }),
  );
};
