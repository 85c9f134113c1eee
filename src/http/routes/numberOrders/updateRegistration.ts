import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../schemas.js';
import { AnyJson, OrderParams, Registration } from './schemas.js';

/**
 * PUT /numberOrders/{numberOrderId}/registration — `{data}` (SDK model) or `{requestDetails:{data}}`
 * (documentation), validated synchronously against the policy.
 */
export const updateRegistration: Operation = (app, { orders }) => {
  app.put(
    '/numberOrders/:numberOrderId/registration',
    {
      schema: {
        operationId: 'UpdateNumberOrderRegistration',
        params: OrderParams,
        body: Type.Object({
          data: Type.Optional(AnyJson),
          requestDetails: Type.Optional(Type.Object({ data: Type.Optional(AnyJson) })),
        }),
        response: { 200: Registration, ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body ?? {};
      return orders.updateRegistration(
        request.params.projectId,
        request.params.numberOrderId,
        body.data ?? body.requestDetails?.data,
      );
    },
  );
};
