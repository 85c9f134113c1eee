import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { EmergencyAddress, PhoneNumberParams } from '../../schemas.js';
import { TAGS } from '../../tags.js';

/** GET /activeNumbers/{phoneNumber}/emergencyAddress — 404 "Missing E911 feature" when none. */
export const getEmergencyAddress: Operation = (app, { emergency }) => {
  app.get(
    '/activeNumbers/:phoneNumber/emergencyAddress',
    {
      schema: {
        operationId: 'NumberService_GetEmergencyAddress',
        tags: [TAGS.activeNumber],
        summary: "Read a number's E911 address",
        params: PhoneNumberParams,
        response: { 200: EmergencyAddress, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      emergency.get(request.params.projectId, parsePathPhoneNumber(request.params.phoneNumber)),
  );
};
