import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { toWireRegistration } from '../../wire/numberOrder.js';
import { OrderParams, Registration } from './schemas.js';

/** GET /numberOrders/{numberOrderId}/registration. */
export const getRegistration: Operation = (app, { orders }) => {
  app.get(
    '/numberOrders/:numberOrderId/registration',
    {
      schema: {
        operationId: 'GetNumberOrderRegistration',
        tags: [TAGS.numberOrder],
        summary: "Read an order's registration and documents",
        params: OrderParams,
        response: { 200: Registration, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      toWireRegistration(
        await orders.getRegistration(request.params.projectId, request.params.numberOrderId),
      ),
  );
};
