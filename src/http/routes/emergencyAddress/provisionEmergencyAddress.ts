import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { EmergencyAddress, EmergencyAddressRequest, PhoneNumberParams } from '../../schemas.js';
import { TAGS } from '../../tags.js';

/** POST …/emergencyAddress:provision — validates, stores the corrected address, echoes it. */
export const provisionEmergencyAddress: Operation = (app, { emergency }) => {
  app.post(
    '/activeNumbers/:phoneNumber/emergencyAddress::provision',
    {
      schema: {
        operationId: 'NumberService_ProvisionEmergencyAddress',
        tags: [TAGS.activeNumber],
        summary: 'Set a number’s E911 address (validated first)',
        params: PhoneNumberParams,
        body: EmergencyAddressRequest,
        response: { 200: EmergencyAddress, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      emergency.provision(
        request.params.projectId,
        parsePathPhoneNumber(request.params.phoneNumber),
        request.body ?? {},
      ),
  );
};
