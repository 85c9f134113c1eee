import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import { ActiveNumber, errorResponses, PhoneNumberParams } from '../../schemas.js';

/** POST /activeNumbers/{phoneNumber}:release — sets expireAt to the next charge date; no body. */
export const releaseNumber: Operation = (app, { numbers }) => {
  app.post(
    '/activeNumbers/:phoneNumber(^[^:]+)::release',
    {
      schema: {
        operationId: 'ReleaseNumber',
        params: PhoneNumberParams,
        response: { 200: ActiveNumber, ...errorResponses },
      },
    },
    async (request) =>
      numbers.release(request.params.projectId, parsePathPhoneNumber(request.params.phoneNumber)),
  );
};
