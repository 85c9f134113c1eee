import { Type } from '@sinclair/typebox';
import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { ActiveNumber, ConfigurationFields, PhoneNumberParams } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireActiveNumber } from '../../wire/activeNumber.js';

/** POST /availableNumbers/{phoneNumber}:rent — configuration is scheduled, not applied at once. */
export const rentNumber: Operation = (app, { numbers, clock }) => {
  app.post(
    '/availableNumbers/:phoneNumber(^[^:]+)::rent',
    {
      schema: {
        operationId: 'NumberService_RentNumber',
        tags: [TAGS.availableNumber],
        summary: 'Rent a number that is for sale',
        description: 'Numbers of regions with identity checks are refused: order them instead.',
        params: PhoneNumberParams,
        body: Type.Optional(Type.Object(ConfigurationFields)),
        response: { 200: ActiveNumber, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      toWireActiveNumber(
        await numbers.rent(
          request.params.projectId,
          parsePathPhoneNumber(request.params.phoneNumber),
          request.body ?? {},
        ),
        clock.now(),
      ),
  );
};
