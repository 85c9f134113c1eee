import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { HostingOrderParams, HostingOrderReport } from './schemas.js';

/** GET /hostingOrders/{hostingOrderId}/report — totals computed from the order's numbers. */
export const getHostingOrderReport: Operation = (app, { hosting }) => {
  app.get(
    '/hostingOrders/:hostingOrderId/report',
    {
      schema: {
        operationId: 'GetHostingOrderReport',
        tags: [TAGS.hostingOrders],
        summary: 'Totals of a hosting order: OSR updated, SMS provisioned, added to the campaign',
        params: HostingOrderParams,
        response: { 200: HostingOrderReport, ...errorResponses(404) },
      },
    },
    async (request) => hosting.report(request.params.projectId, request.params.hostingOrderId),
  );
};
