import type { Operation } from '../../deps.js';
import { errorResponses } from '../../schemas.js';
import { NumberOrder, OrderParams } from './schemas.js';

/** POST /numberOrders/{numberOrderId}/submit (a slash, not a colon) — CREATED → IN_REVIEW. */
export const submitNumberOrder: Operation = (app, { orders }) => {
  app.post(
    '/numberOrders/:numberOrderId/submit',
    {
      schema: {
        operationId: 'SubmitNumberOrder',
        params: OrderParams,
        response: { 200: NumberOrder, ...errorResponses },
      },
    },
    async (request) => orders.submit(request.params.projectId, request.params.numberOrderId),
  );
};
