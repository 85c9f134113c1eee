import { Type } from '@sinclair/typebox';
import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { ImportedNumberParams } from './schemas.js';

/** DELETE /importedNumbers/{phoneNumber} — 200 with an empty body, as the document says. */
export const deleteImportedNumber: Operation = (app, { imported }) => {
  app.delete(
    '/importedNumbers/:phoneNumber',
    {
      schema: {
        operationId: 'ImportNumberService_DeleteImportedNumber',
        tags: [TAGS.importedNumbers],
        summary: 'Remove an imported number from the project',
        params: ImportedNumberParams,
        response: {
          200: Type.Null({ description: 'Deleted; the body is empty' }),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      await imported.delete(request.params.projectId, parsePathPhoneNumber(request.params.phoneNumber));
      // No payload: nothing is serialized, so the body is empty and has no content type.
      return reply.code(200).send(undefined as never);
    },
  );
};
