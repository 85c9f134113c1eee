import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { PageQuery } from '../../queryParams.js';
import { errorResponses } from '../../responses.js';
import { Code, PathParam } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireAuditEntry } from '../../wire/admin.js';
import { AuditLogEntry } from './adminSchemas.js';

/** GET /admin/v1/auditLog — who decided what, when and why; newest first. */
export const listAuditLog: Operation = (app, { admin }) => {
  app.get(
    '/auditLog',
    {
      schema: {
        operationId: 'AdminService_ListAuditLog',
        tags: [TAGS.admin],
        summary: 'List the audit log of decisions, newest first',
        querystring: Type.Object({
          projectId: Type.Optional(PathParam),
          resourceType: Type.Optional(
            Type.Unsafe<string>({ ...Code, description: 'e.g. NumberOrder, AccessKey' }),
          ),
          resourceId: Type.Optional(PathParam),
          ...PageQuery,
        }),
        response: {
          200: Type.Object({
            auditEntries: Type.Array(AuditLogEntry),
            nextPageToken: Type.String({ description: '"" on the last page' }),
          }),
          ...errorResponses(400),
        },
      },
    },
    async (request) => {
      const page = await admin.listAuditLog(request.query);
      return { auditEntries: page.entries.map(toWireAuditEntry), nextPageToken: page.nextPageToken };
    },
  );
};
