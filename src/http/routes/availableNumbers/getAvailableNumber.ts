import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { AvailableNumber, PhoneNumberParams } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireAvailableNumber } from '../../wire/availableNumber.js';

/** GET /availableNumbers/{phoneNumber} — 404 ResourceInfo when the number is not available. */
export const getAvailableNumber: Operation = (app, { numbers }) => {
  app.get(
    '/availableNumbers/:phoneNumber(^[^:]+$)',
    {
      schema: {
        operationId: 'NumberService_GetAvailableNumber',
        tags: [TAGS.availableNumber],
        summary: 'Read one number that is for sale',
        params: PhoneNumberParams,
        response: { 200: AvailableNumber, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      toWireAvailableNumber(await numbers.getAvailable(parsePathPhoneNumber(request.params.phoneNumber))),
  );
};
