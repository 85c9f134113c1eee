import { Type } from '@sinclair/typebox';
import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import { ActiveNumber, ConfigurationFields, errorResponses, PhoneNumberParams } from '../../schemas.js';

/** POST /availableNumbers/{phoneNumber}:rent — configuration is scheduled, not applied at once. */
export const rentNumber: Operation = (app, { numbers }) => {
  app.post(
    '/availableNumbers/:phoneNumber(^[^:]+)::rent',
    {
      schema: {
        operationId: 'RentNumber',
        params: PhoneNumberParams,
        body: Type.Optional(Type.Object(ConfigurationFields)),
        response: { 200: ActiveNumber, ...errorResponses },
      },
    },
    async (request) =>
      numbers.rent(
        request.params.projectId,
        parsePathPhoneNumber(request.params.phoneNumber),
        request.body ?? {},
      ),
  );
};
