import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { Count } from '../../queryParams.js';
import { errorResponses } from '../../responses.js';
import { Code, PathParam } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireReviewedOrder } from '../../wire/numberOrder.js';
import { OperatorNumberOrder, Registration } from '../numberOrders/schemas.js';

/** GET /admin/v1/numberOrders — the review queue (`?state=IN_REVIEW`), with registrations. */
export const listNumberOrders: Operation = (app, { orders, clock }) => {
  app.get(
    '/numberOrders',
    {
      schema: {
        operationId: 'AdminService_ListNumberOrders',
        tags: [TAGS.admin],
        summary: 'List number orders with their registrations (the review queue)',
        querystring: Type.Object({
          state: Type.Optional(Code),
          projectId: Type.Optional(PathParam),
          pageSize: Type.Optional(Count('At most this many orders (default 100, at most 1000)')),
        }),
        response: {
          200: Type.Object({
            numberOrders: Type.Array(
              Type.Composite([OperatorNumberOrder, Type.Object({ registration: Registration })]),
            ),
          }),
          ...errorResponses(400),
        },
      },
    },
    async (request) => {
      const found = await orders.listOrders({
        state: request.query.state,
        projectId: request.query.projectId,
        limit: Math.min(request.query.pageSize || 100, 1000),
      });
      const now = clock.now();
      return { numberOrders: found.map((entry) => toWireReviewedOrder(entry, now)) };
    },
  );
};
