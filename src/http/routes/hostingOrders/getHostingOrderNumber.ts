import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { toWireHostingOrderNumber } from '../../wire/hostingOrder.js';
import { HostingOrderNumber, HostingOrderNumberParams } from './schemas.js';

/** GET /hostingOrders/{hostingOrderId}/numbers/{phoneNumber}. */
export const getHostingOrderNumber: Operation = (app, { hosting }) => {
  app.get(
    '/hostingOrders/:hostingOrderId/numbers/:phoneNumber',
    {
      schema: {
        operationId: 'HostingOrderService_GetHostingOrderNumber',
        tags: [TAGS.hostingOrders],
        summary: 'Read one number of a hosting order',
        params: HostingOrderNumberParams,
        response: { 200: HostingOrderNumber, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      toWireHostingOrderNumber(
        await hosting.getNumber(
          request.params.projectId,
          request.params.hostingOrderId,
          parsePathPhoneNumber(request.params.phoneNumber),
        ),
      ),
  );
};
