import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { TAGS } from '../../tags.js';

/** GET /openapi.json — the contract of this server, generated from its route schemas. */
export const getOpenApiDocument: Operation = (app) => {
  app.get(
    '/openapi.json',
    {
      schema: {
        operationId: 'MetaService_GetOpenApiDocument',
        tags: [TAGS.service],
        summary: 'The OpenAPI 3.0 document of this server',
        response: {
          200: Type.Object({}, { additionalProperties: true, description: 'The OpenAPI document' }),
        },
      },
    },
    async () => app.swagger(),
  );
};
