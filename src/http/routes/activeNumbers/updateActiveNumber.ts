import { Type } from '@sinclair/typebox';
import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import {
  ActiveNumber,
  ConfigurationFields,
  errorResponses,
  LIMITS,
  PhoneNumberParams,
  Text,
} from '../../schemas.js';

/** PATCH /activeNumbers/{phoneNumber} — displayName and callbackUrl at once, SMS/voice scheduled. */
export const updateActiveNumber: Operation = (app, { numbers }) => {
  app.patch(
    '/activeNumbers/:phoneNumber(^[^:]+$)',
    {
      schema: {
        operationId: 'UpdateActiveNumber',
        params: PhoneNumberParams,
        body: Type.Optional(
          Type.Object({ displayName: Type.Optional(Text(LIMITS.text)), ...ConfigurationFields }),
        ),
        response: { 200: ActiveNumber, ...errorResponses },
      },
    },
    async (request) =>
      numbers.updateActive(
        request.params.projectId,
        parsePathPhoneNumber(request.params.phoneNumber),
        request.body ?? {},
      ),
  );
};
