import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { StringEnum } from '../../schemas.js';
import { TAGS } from '../../tags.js';

/** GET /healthz — answers while the process serves; it reads no database. */
export const checkHealth: Operation = (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        operationId: 'MetaService_CheckHealth',
        tags: [TAGS.service],
        summary: 'Whether the server is up',
        response: { 200: Type.Object({ status: StringEnum(['ok']) }, { description: 'The server is up' }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
};
