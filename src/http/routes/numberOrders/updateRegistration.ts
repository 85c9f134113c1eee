import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { errorResponses, refusedInState } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { toWireRegistration } from '../../wire/numberOrder.js';
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
        tags: [TAGS.numberOrder],
        summary: "Replace an order's registration data",
        params: OrderParams,
        body: Type.Object({
          data: Type.Optional(AnyJson),
          requestDetails: Type.Optional(Type.Object({ data: Type.Optional(AnyJson) })),
        }),
        response: { 200: Registration, ...errorResponses(400, 404), ...refusedInState() },
      },
    },
    async (request) => {
      const body = request.body ?? {};
      return toWireRegistration(
        await orders.updateRegistration(
          request.params.projectId,
          request.params.numberOrderId,
          body.data ?? body.requestDetails?.data,
        ),
      );
    },
  );
};
