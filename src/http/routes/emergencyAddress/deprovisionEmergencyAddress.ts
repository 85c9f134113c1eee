import { Type } from '@sinclair/typebox';
import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { PhoneNumberParams } from '../../schemas.js';
import { TAGS } from '../../tags.js';

/**
 * POST …/emergencyAddress:deprovision — no body; answers 200 with no body, as Sinch's document
 * says (the Node SDK resolves an empty answer to `{}`).
 */
export const deprovisionEmergencyAddress: Operation = (app, { emergency }) => {
  app.post(
    '/activeNumbers/:phoneNumber/emergencyAddress::deprovision',
    {
      schema: {
        operationId: 'NumberService_DeprovisionEmergencyAddress',
        tags: [TAGS.activeNumber],
        summary: 'Remove a number’s E911 address',
        params: PhoneNumberParams,
        response: {
          200: Type.Null({ description: 'Removed (or there was none); the body is empty' }),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      await emergency.deprovision(request.params.projectId, parsePathPhoneNumber(request.params.phoneNumber));
      // No payload: nothing is serialized, so the body is empty and has no content type.
      return reply.code(200).send(undefined as never);
    },
  );
};
