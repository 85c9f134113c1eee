import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { ActiveNumber, PhoneNumberParams } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireActiveNumber } from '../../wire/activeNumber.js';

/** GET /activeNumbers/{phoneNumber} — released numbers stay visible until `expireAt`. */
export const getActiveNumber: Operation = (app, { numbers, clock }) => {
  app.get(
    '/activeNumbers/:phoneNumber(^[^:]+$)',
    {
      schema: {
        operationId: 'NumberService_GetActiveNumber',
        tags: [TAGS.activeNumber],
        summary: 'Read one of the project’s numbers',
        params: PhoneNumberParams,
        response: { 200: ActiveNumber, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      toWireActiveNumber(
        await numbers.getActive(request.params.projectId, parsePathPhoneNumber(request.params.phoneNumber)),
        clock.now(),
      ),
  );
};
