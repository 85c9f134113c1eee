import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { Code, ProjectParams } from '../../schemas.js';
import { TAGS } from '../../tags.js';

/** POST /numberOrders:lookupNumberRequirements {regionCode, numberType} — the KYC policy in force. */
export const lookupNumberRequirements: Operation = (app, { orders }) => {
  app.post(
    '/numberOrders::lookupNumberRequirements',
    {
      schema: {
        operationId: 'LookupNumberRequirements',
        tags: [TAGS.numberOrder],
        summary: 'What ordering a region and number type requires',
        params: ProjectParams,
        body: Type.Object({
          regionCode: Type.Optional(Code),
          numberType: Type.Optional(Code),
        }),
        response: {
          200: Type.Object({
            quantityOrdersSupported: Type.Boolean(),
            fields: Type.Object({}, { additionalProperties: true }),
          }),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request) => orders.lookupRequirements(request.body ?? {}),
  );
};
