import { Type } from '@sinclair/typebox';
import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { QualifiedNumberParams } from './schemas.js';

/** DELETE /qualifiedNumbers/{phoneNumber} — 200 with an empty body; refused while hosting is in progress or blocked. */
export const deleteQualifiedNumber: Operation = (app, { qualified }) => {
  app.delete(
    '/qualifiedNumbers/:phoneNumber',
    {
      schema: {
        operationId: 'QualifiedNumberService_DeleteQualifiedNumber',
        tags: [TAGS.qualifiedNumbers],
        summary: 'Delete a qualified number',
        description:
          'A number whose hosting is in progress (GLOBAL_PROCESS_STATE_HOSTING_IN_PROGRESS), or one blocked after three wrong codes (GLOBAL_PROCESS_STATE_VERIFICATION_BLOCKED), cannot be deleted: 400 FAILED_PRECONDITION.',
        params: QualifiedNumberParams,
        response: {
          200: Type.Null({ description: 'Deleted; the body is empty' }),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      await qualified.delete(request.params.projectId, parsePathPhoneNumber(request.params.phoneNumber));
      return reply.code(200).send(undefined as never);
    },
  );
};
