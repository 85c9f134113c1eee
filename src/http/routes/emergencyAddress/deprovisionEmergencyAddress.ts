import { Type } from '@sinclair/typebox';
import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import { errorResponses, PhoneNumberParams } from '../../schemas.js';

/** POST …/emergencyAddress:deprovision — no body; answers 200 `{}`. */
export const deprovisionEmergencyAddress: Operation = (app, { emergency }) => {
  app.post(
    '/activeNumbers/:phoneNumber/emergencyAddress::deprovision',
    {
      schema: {
        operationId: 'DeprovisionEmergencyAddress',
        params: PhoneNumberParams,
        response: { 200: Type.Object({}), ...errorResponses },
      },
    },
    async (request) =>
      emergency.deprovision(request.params.projectId, parsePathPhoneNumber(request.params.phoneNumber)),
  );
};
