import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import { EmergencyAddress, errorResponses, PhoneNumberParams } from '../../schemas.js';

/** GET /activeNumbers/{phoneNumber}/emergencyAddress — 404 "Missing E911 feature" when none. */
export const getEmergencyAddress: Operation = (app, { emergency }) => {
  app.get(
    '/activeNumbers/:phoneNumber/emergencyAddress',
    {
      schema: {
        operationId: 'GetEmergencyAddress',
        params: PhoneNumberParams,
        response: { 200: EmergencyAddress, ...errorResponses },
      },
    },
    async (request) =>
      emergency.get(request.params.projectId, parsePathPhoneNumber(request.params.phoneNumber)),
  );
};
