import { Type } from '@sinclair/typebox';
import { ActorHeaders, actorOf } from '../../actor.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { PathParam, Text } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireAccessKey } from '../../wire/admin.js';
import { AdminAccessKey } from './adminSchemas.js';

/**
 * POST /admin/v1/projects/{projectId}/accessKeys/{keyId}:revoke — from now on the key's Basic
 * credentials and every token issued from it are refused with 401 (docs/decisions.md, "Access key
 * revocation"). Revoking a revoked key answers it unchanged.
 */
export const revokeAccessKey: Operation = (app, { admin }) => {
  app.post(
    '/projects/:projectId/accessKeys/:keyId(^[^:]+)::revoke',
    {
      schema: {
        operationId: 'AdminService_RevokeAccessKey',
        tags: [TAGS.admin],
        summary: 'Revoke an access key: its credentials and its tokens stop working at once',
        params: Type.Object({ projectId: PathParam, keyId: PathParam }),
        headers: ActorHeaders,
        body: Type.Optional(
          Type.Object(
            { reason: Type.Optional(Text(2000, 'Why, for the audit log')) },
            { description: 'Optional' },
          ),
        ),
        response: { 200: AdminAccessKey, ...errorResponses(404) },
      },
    },
    async (request) =>
      toWireAccessKey(
        await admin.revokeAccessKey(
          request.params.projectId,
          request.params.keyId,
          actorOf(request),
          request.body?.reason?.trim() ?? '',
        ),
      ),
  );
};
