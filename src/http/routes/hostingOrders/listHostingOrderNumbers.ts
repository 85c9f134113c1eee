import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { PageOf, PageQuery } from '../../queryParams.js';
import { errorResponses } from '../../responses.js';
import { StringEnum } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireHostingOrderNumber } from '../../wire/hostingOrder.js';
import { HostingOrderNumber, HostingOrderParams, STEP_STATES } from './schemas.js';

const StateFilter = (step: string) =>
  Type.Optional(StringEnum(STEP_STATES, { description: `Only numbers whose ${step} is in this state` }));

/** GET /hostingOrders/{hostingOrderId}/numbers — by phone number, with step-state filters. */
export const listHostingOrderNumbers: Operation = (app, { hosting }) => {
  app.get(
    '/hostingOrders/:hostingOrderId/numbers',
    {
      schema: {
        operationId: 'HostingOrderService_ListHostingOrderNumbers',
        tags: [TAGS.hostingOrders],
        summary: 'List the numbers of a hosting order',
        params: HostingOrderParams,
        querystring: Type.Object({
          orderBy: Type.Optional(
            StringEnum(['createdTime', 'updatedTime'], {
              description: 'Accepted; numbers of one order share their times, so they come by phone number',
            }),
          ),
          osrUpdateState: StateFilter('OSR update'),
          campaignProvisioningState: StateFilter('campaign provisioning'),
          platformProvisioningState: StateFilter('SMS platform provisioning'),
          ...PageQuery,
        }),
        response: { 200: PageOf('numbers', HostingOrderNumber), ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await hosting.numbers(request.params.projectId, request.params.hostingOrderId, {
        osrUpdateState: q.osrUpdateState,
        campaignProvisioningState: q.campaignProvisioningState,
        platformProvisioningState: q.platformProvisioningState,
        pageSize: q.pageSize,
        pageToken: q.pageToken,
      });
      return {
        numbers: page.records.map(toWireHostingOrderNumber),
        nextPageToken: page.nextPageToken,
        totalSize: page.totalSize,
      };
    },
  );
};
