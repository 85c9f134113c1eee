import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { ActiveNumber, PhoneNumberParams } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireActiveNumber } from '../../wire/activeNumber.js';

/** POST /activeNumbers/{phoneNumber}:release — sets expireAt to the next charge date; no body. */
export const releaseNumber: Operation = (app, { numbers, clock }) => {
  app.post(
    '/activeNumbers/:phoneNumber(^[^:]+)::release',
    {
      schema: {
        operationId: 'NumberService_ReleaseNumber',
        tags: [TAGS.activeNumber],
        summary: 'Give a number back at its next charge date',
        params: PhoneNumberParams,
        response: { 200: ActiveNumber, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      toWireActiveNumber(
        await numbers.release(request.params.projectId, parsePathPhoneNumber(request.params.phoneNumber)),
        clock.now(),
      ),
  );
};
