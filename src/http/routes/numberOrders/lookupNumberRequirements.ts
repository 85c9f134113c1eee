import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { errorResponses, ProjectParams } from '../../schemas.js';

/** POST /numberOrders:lookupNumberRequirements {regionCode, numberType} — the KYC policy in force. */
export const lookupNumberRequirements: Operation = (app, { orders }) => {
  app.post(
    '/numberOrders::lookupNumberRequirements',
    {
      schema: {
        operationId: 'LookupNumberRequirements',
        params: ProjectParams,
        body: Type.Object({
          regionCode: Type.Optional(Type.String()),
          numberType: Type.Optional(Type.String()),
        }),
        response: {
          200: Type.Object({
            quantityOrdersSupported: Type.Boolean(),
            fields: Type.Object({}, { additionalProperties: true }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => orders.lookupRequirements(request.body ?? {}),
  );
};
