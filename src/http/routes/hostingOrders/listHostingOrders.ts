import { Type } from '@sinclair/typebox';
import {
  HOSTING_ORDER_STATES,
  HOSTING_ORDER_TYPES,
  type HostingOrderState,
  type HostingOrderType,
} from '../../../domain/hosting/hostingOrder.js';
import { errors } from '../../../errors.js';
import type { Operation } from '../../deps.js';
import { EnumList, PageOf, PageQuery, RegionCodeQuery } from '../../queryParams.js';
import { errorResponses } from '../../responses.js';
import { LIMITS, ProjectParams, StringEnum, Text } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireHostingOrder } from '../../wire/hostingOrder.js';
import { HostingOrder } from './schemas.js';

/** Matches any value of a required filter (the document makes all four filters required). */
export const ANY = '*';

/**
 * GET /hostingOrders — the document requires states, type, servicePlanId and campaignId.
 * HOSTING_ORDER_STATE_UNSPECIFIED, HOSTING_ORDER_TYPE_UNSPECIFIED and `*` match anything
 * (docs/decisions.md). `states` may be repeated or comma-joined.
 */
export const listHostingOrders: Operation = (app, { hosting }) => {
  app.get(
    '/hostingOrders',
    {
      schema: {
        operationId: 'HostingOrderService_ListHostingOrders',
        tags: [TAGS.hostingOrders],
        summary: "List the project's hosting orders",
        params: ProjectParams,
        querystring: Type.Object(
          {
            states: EnumList(
              ['HOSTING_ORDER_STATE_UNSPECIFIED', ...HOSTING_ORDER_STATES],
              'Order states (HOSTING_ORDER_STATE_UNSPECIFIED: any)',
            ),
            type: StringEnum(['HOSTING_ORDER_TYPE_UNSPECIFIED', ...HOSTING_ORDER_TYPES], {
              description: 'IMPORT or TYPE_TEXT_ENABLE (HOSTING_ORDER_TYPE_UNSPECIFIED: any)',
            }),
            servicePlanId: Text(LIMITS.configurationId, 'The orders’ service plan (* for any)'),
            campaignId: Text(LIMITS.configurationId, 'The orders’ campaign (* for any)'),
            regionCode: Type.Optional(RegionCodeQuery),
            orderBy: Type.Optional(StringEnum(['createdTime', 'updatedTime'] as const)),
            ...PageQuery,
          },
          { required: ['states', 'type', 'servicePlanId', 'campaignId'] },
        ),
        response: { 200: PageOf('hostingOrders', HostingOrder), ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const q = request.query;
      const states = q.states.includes('HOSTING_ORDER_STATE_UNSPECIFIED')
        ? undefined
        : (q.states as HostingOrderState[]);
      const regionCode = q.regionCode?.toUpperCase();
      if (regionCode && regionCode !== 'US' && regionCode !== 'CA') {
        throw errors.fieldViolation('regionCode', 'regionCode must be US or CA');
      }
      const page = await hosting.list(request.params.projectId, {
        states,
        type: q.type === 'HOSTING_ORDER_TYPE_UNSPECIFIED' ? undefined : (q.type as HostingOrderType),
        servicePlanId: q.servicePlanId === ANY ? undefined : q.servicePlanId,
        campaignId: q.campaignId === ANY ? undefined : q.campaignId,
        regionCode,
        orderBy: q.orderBy,
        pageSize: q.pageSize,
        pageToken: q.pageToken,
      });
      return {
        hostingOrders: page.records.map(toWireHostingOrder),
        nextPageToken: page.nextPageToken,
        totalSize: page.totalSize,
      };
    },
  );
};
