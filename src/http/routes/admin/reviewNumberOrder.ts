import { Type } from '@sinclair/typebox';
import { REVIEW_DECISIONS } from '../../../domain/orders/orderState.js';
import { ActorHeaders, actorOf } from '../../actor.js';
import type { Operation } from '../../deps.js';
import { errorResponses, refusedInState } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { toWireOperatorOrder } from '../../wire/numberOrder.js';
import { OperatorNumberOrder, OrderParams } from '../numberOrders/schemas.js';

/**
 * POST /admin/v1/projects/{projectId}/numberOrders/{numberOrderId}:review — the operator's
 * decision on an order in review. In sandbox mode it overrides the automatic review.
 */
export const reviewNumberOrder: Operation = (app, { orders, clock }) => {
  app.post(
    '/projects/:projectId/numberOrders/:numberOrderId(^[^:]+)::review',
    {
      schema: {
        operationId: 'AdminService_ReviewNumberOrder',
        tags: [TAGS.admin],
        summary: 'Decide on a number order in review',
        params: OrderParams,
        headers: ActorHeaders,
        body: Type.Object({
          decision: Type.Union(REVIEW_DECISIONS.map((d) => Type.Literal(d))),
          reason: Type.Optional(Type.String({ maxLength: 2000, description: 'Required unless COMPLETED' })),
        }),
        response: { 200: OperatorNumberOrder, ...errorResponses(400, 404), ...refusedInState() },
      },
    },
    async (request) =>
      toWireOperatorOrder(
        await orders.review(
          request.params.projectId,
          request.params.numberOrderId,
          request.body.decision,
          request.body.reason ?? '',
          actorOf(request),
        ),
        clock.now(),
      ),
  );
};
