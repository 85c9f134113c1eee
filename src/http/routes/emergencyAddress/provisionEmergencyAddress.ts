import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import {
  EmergencyAddress,
  EmergencyAddressRequest,
  errorResponses,
  PhoneNumberParams,
} from '../../schemas.js';

/** POST …/emergencyAddress:provision — validates, stores the corrected address, echoes it. */
export const provisionEmergencyAddress: Operation = (app, { emergency }) => {
  app.post(
    '/activeNumbers/:phoneNumber/emergencyAddress::provision',
    {
      schema: {
        operationId: 'ProvisionEmergencyAddress',
        params: PhoneNumberParams,
        body: EmergencyAddressRequest,
        response: { 200: EmergencyAddress, ...errorResponses },
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
