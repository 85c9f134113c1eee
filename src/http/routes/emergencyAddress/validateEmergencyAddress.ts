import { Type } from '@sinclair/typebox';
import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { EmergencyAddress, EmergencyAddressRequest, PhoneNumberParams, StringEnum } from '../../schemas.js';
import { TAGS } from '../../tags.js';

/** POST …/emergencyAddress:validate — EXACT_MATCH, NEAR_MATCH (corrected) or NO_MATCH (candidates). */
export const validateEmergencyAddress: Operation = (app, { emergency }) => {
  app.post(
    '/activeNumbers/:phoneNumber/emergencyAddress::validate',
    {
      schema: {
        operationId: 'NumberService_ValidateEmergencyAddress',
        tags: [TAGS.activeNumber],
        summary: 'Check an E911 address without storing it',
        params: PhoneNumberParams,
        body: EmergencyAddressRequest,
        response: {
          200: Type.Object({
            phoneNumber: Type.String(),
            displayName: Type.String(),
            validatedAddress: EmergencyAddress,
            validationResult: StringEnum([
              'ADDRESS_VALIDATION_RESULT_CODE_UNSPECIFIED',
              'EXACT_MATCH',
              'NEAR_MATCH',
              'NO_MATCH',
            ]),
            validationMessage: Type.String(),
            correctedAddress: EmergencyAddress,
            candidateAddresses: Type.Array(EmergencyAddress),
          }),
          ...errorResponses(400, 404),
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
