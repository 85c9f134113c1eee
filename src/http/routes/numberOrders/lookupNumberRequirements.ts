import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { Code, errorResponses, ProjectParams } from '../../schemas.js';

/** POST /numberOrders:lookupNumberRequirements {regionCode, numberType} — the KYC policy in force. */
export const lookupNumberRequirements: Operation = (app, { orders }) => {
  app.post(
    '/numberOrders::lookupNumberRequirements',
    {
      schema: {
        operationId: 'LookupNumberRequirements',
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
          ...errorResponses,
        },
      },
    },
    async (request) => orders.lookupRequirements(request.body ?? {}),
  );
};
