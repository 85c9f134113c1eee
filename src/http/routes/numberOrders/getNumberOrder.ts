import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { toWireOrder } from '../../wire/numberOrder.js';
import { NumberOrder, OrderParams } from './schemas.js';

/** GET /numberOrders/{numberOrderId} — a CREATED order past its 48 hours reads EXPIRED. */
export const getNumberOrder: Operation = (app, { orders, clock }) => {
  app.get(
    '/numberOrders/:numberOrderId(^[^:]+$)',
    {
      schema: {
        operationId: 'GetNumberOrder',
        tags: [TAGS.numberOrder],
        summary: 'Read a number order',
        params: OrderParams,
        response: { 200: NumberOrder, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      toWireOrder(await orders.getOrder(request.params.projectId, request.params.numberOrderId), clock.now()),
  );
};
