import { Type } from '@sinclair/typebox';
import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { ActiveNumber, ConfigurationFields, LIMITS, PhoneNumberParams, Text } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireActiveNumber } from '../../wire/activeNumber.js';

/** PATCH /activeNumbers/{phoneNumber} — displayName and callbackUrl at once, SMS/voice scheduled. */
export const updateActiveNumber: Operation = (app, { numbers, clock }) => {
  app.patch(
    '/activeNumbers/:phoneNumber(^[^:]+$)',
    {
      schema: {
        operationId: 'NumberService_UpdateActiveNumber',
        tags: [TAGS.activeNumber],
        summary: 'Change a number’s name, callback URL or SMS and voice configuration',
        description: 'The name and URL change at once; SMS and voice changes are provisioned in steps.',
        params: PhoneNumberParams,
        body: Type.Optional(
          Type.Object({ displayName: Type.Optional(Text(LIMITS.text)), ...ConfigurationFields }),
        ),
        response: { 200: ActiveNumber, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      toWireActiveNumber(
        await numbers.updateActive(
          request.params.projectId,
          parsePathPhoneNumber(request.params.phoneNumber),
          request.body ?? {},
        ),
        clock.now(),
      ),
  );
};
