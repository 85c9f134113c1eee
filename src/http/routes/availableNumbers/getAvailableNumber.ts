import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import { AvailableNumber, errorResponses, PhoneNumberParams } from '../../schemas.js';

/** GET /availableNumbers/{phoneNumber} — 404 ResourceInfo when the number is not available. */
export const getAvailableNumber: Operation = (app, { numbers }) => {
  app.get(
    '/availableNumbers/:phoneNumber(^[^:]+$)',
    {
      schema: {
        operationId: 'GetAvailableNumber',
        params: PhoneNumberParams,
        response: { 200: AvailableNumber, ...errorResponses },
      },
    },
    async (request) => numbers.getAvailable(parsePathPhoneNumber(request.params.phoneNumber)),
  );
};
