import type { Operation } from '../../deps.js';
import { errorResponses } from '../../schemas.js';
import { NumberOrder, OrderParams } from './schemas.js';

/** GET /numberOrders/{numberOrderId} — a CREATED order past its 48 hours reads EXPIRED. */
export const getNumberOrder: Operation = (app, { orders }) => {
  app.get(
    '/numberOrders/:numberOrderId(^[^:]+$)',
    {
      schema: {
        operationId: 'GetNumberOrder',
        params: OrderParams,
        response: { 200: NumberOrder, ...errorResponses },
      },
    },
    async (request) => orders.getOrder(request.params.projectId, request.params.numberOrderId),
  );
};
