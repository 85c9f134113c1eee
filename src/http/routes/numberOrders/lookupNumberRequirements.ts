import { Type } from '@sinclair/typebox';
import { enumValue } from '../../bodyValues.js';
import type { Operation } from '../../deps.js';
import { NUMBER_TYPE_VALUES } from '../../queryParams.js';
import { errorResponses } from '../../responses.js';
import { Code, ProjectParams } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { RequiredAttachment } from './schemas.js';

/** POST /numberOrders:lookupNumberRequirements {regionCode, numberType} — the KYC policy in force. */
export const lookupNumberRequirements: Operation = (app, { orders, config }) => {
  app.post(
    '/numberOrders::lookupNumberRequirements',
    {
      schema: {
        operationId: 'LookupNumberRequirements',
        tags: [TAGS.numberOrder],
        summary: 'What ordering a region and number type requires',
        params: ProjectParams,
        body: Type.Object({ regionCode: Code, numberType: Code }),
        response: {
          200: Type.Object({
            fields: Type.Object({}, { additionalProperties: true }),
            attachments: Type.Array(RequiredAttachment),
          }),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request) => {
      const body = request.body ?? {};
      // A number type that does not exist is a bad request; a product without requirements is a 404.
      enumValue('numberType', body.numberType, NUMBER_TYPE_VALUES);
      return orders.lookupRequirements(body, config.publicUrl);
    },
  );
};
