import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import { ActiveNumber, errorResponses, PhoneNumberParams } from '../../schemas.js';

/** GET /activeNumbers/{phoneNumber} — released numbers stay visible until `expireAt`. */
export const getActiveNumber: Operation = (app, { numbers }) => {
  app.get(
    '/activeNumbers/:phoneNumber(^[^:]+$)',
    {
      schema: {
        operationId: 'GetActiveNumber',
        params: PhoneNumberParams,
        response: { 200: ActiveNumber, ...errorResponses },
      },
    },
    async (request) =>
      numbers.getActive(request.params.projectId, parsePathPhoneNumber(request.params.phoneNumber)),
  );
};
