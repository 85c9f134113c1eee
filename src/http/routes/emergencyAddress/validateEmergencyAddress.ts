import { Type } from '@sinclair/typebox';
import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import {
  EmergencyAddress,
  EmergencyAddressRequest,
  errorResponses,
  PhoneNumberParams,
} from '../../schemas.js';

/** POST …/emergencyAddress:validate — EXACT_MATCH, NEAR_MATCH (corrected) or NO_MATCH (candidates). */
export const validateEmergencyAddress: Operation = (app, { emergency }) => {
  app.post(
    '/activeNumbers/:phoneNumber/emergencyAddress::validate',
    {
      schema: {
        operationId: 'ValidateEmergencyAddress',
        params: PhoneNumberParams,
        body: EmergencyAddressRequest,
        response: {
          200: Type.Object({
            phoneNumber: Type.String(),
            displayName: Type.String(),
            validatedAddress: EmergencyAddress,
            validationResult: Type.String(),
            validationMessage: Type.String(),
            correctedAddress: EmergencyAddress,
            candidateAddresses: Type.Array(EmergencyAddress),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      emergency.validate(
        request.params.projectId,
        parsePathPhoneNumber(request.params.phoneNumber),
        request.body ?? {},
      ),
  );
};
