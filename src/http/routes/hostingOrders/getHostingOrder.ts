import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { toWireHostingOrder } from '../../wire/hostingOrder.js';
import { HostingOrder, HostingOrderParams } from './schemas.js';

/** GET /hostingOrders/{hostingOrderId}. */
export const getHostingOrder: Operation = (app, { hosting }) => {
  app.get(
    '/hostingOrders/:hostingOrderId',
    {
      schema: {
        operationId: 'HostingOrderService_GetHostingOrder',
        tags: [TAGS.hostingOrders],
        summary: 'Read a hosting order',
        params: HostingOrderParams,
        response: { 200: HostingOrder, ...errorResponses(404) },
      },
    },
    async (request) =>
      toWireHostingOrder(await hosting.get(request.params.projectId, request.params.hostingOrderId)),
  );
};
