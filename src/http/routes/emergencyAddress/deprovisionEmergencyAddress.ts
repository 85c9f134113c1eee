import { Type } from '@sinclair/typebox';
import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { PhoneNumberParams } from '../../schemas.js';
import { TAGS } from '../../tags.js';

/** POST …/emergencyAddress:deprovision — no body; answers 200 `{}`. */
export const deprovisionEmergencyAddress: Operation = (app, { emergency }) => {
  app.post(
    '/activeNumbers/:phoneNumber/emergencyAddress::deprovision',
    {
      schema: {
        operationId: 'NumberService_DeprovisionEmergencyAddress',
        tags: [TAGS.activeNumber],
        summary: 'Remove a number’s E911 address',
        params: PhoneNumberParams,
        response: { 200: Type.Object({}), ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      emergency.deprovision(request.params.projectId, parsePathPhoneNumber(request.params.phoneNumber)),
  );
};
