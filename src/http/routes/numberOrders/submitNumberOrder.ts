import type { Operation } from '../../deps.js';
import { errorResponses, refusedInState } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { toWireOrder } from '../../wire/numberOrder.js';
import { NumberOrder, OrderParams } from './schemas.js';

/** POST /numberOrders/{numberOrderId}/submit (a slash, not a colon) — CREATED → IN_REVIEW. */
export const submitNumberOrder: Operation = (app, { orders, clock }) => {
  app.post(
    '/numberOrders/:numberOrderId/submit',
    {
      schema: {
        operationId: 'SubmitNumberOrder',
        tags: [TAGS.numberOrder],
        summary: 'Send an order to review',
        params: OrderParams,
        response: { 200: NumberOrder, ...errorResponses(400, 404), ...refusedInState() },
      },
    },
    async (request) =>
      toWireOrder(await orders.submit(request.params.projectId, request.params.numberOrderId), clock.now()),
  );
};
