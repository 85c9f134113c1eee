import { Type } from '@sinclair/typebox';
import { parseNumberPattern } from '../../../domain/numbers/patterns.js';
import { errors } from '../../../errors.js';
import type { Operation } from '../../deps.js';
import {
  CapabilityList,
  NumberPatternQuery,
  NumberTypeQuery,
  PageOf,
  PageQuery,
  RegionCodeQuery,
} from '../../queryParams.js';
import { errorResponses } from '../../responses.js';
import { ActiveNumber, LIMITS, ProjectParams, Text } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireActiveNumberPage } from '../../wire/activeNumber.js';

const ORDER_BY: Record<string, 'phoneNumber' | 'displayName'> = {
  phoneNumber: 'phoneNumber',
  displayName: 'displayName',
  PHONE_NUMBER: 'phoneNumber',
  DISPLAY_NAME: 'displayName',
};

/**
 * GET /activeNumbers — paginated. The capability filter is `capability` (Node, Java, .NET) or
 * `capabilities` (Python); `totalSize` is always set and `nextPageToken` is "" on the last page.
 * `orderBy` stays a checked string: its error is the upstream `Invalid order_by X` on the field
 * `order_by`, which an `enum` would word differently.
 */
export const listActiveNumbers: Operation = (app, { numbers, clock }) => {
  app.get(
    '/activeNumbers',
    {
      schema: {
        operationId: 'NumberService_ListActiveNumbers',
        tags: [TAGS.activeNumber],
        summary: "List the project's numbers",
        params: ProjectParams,
        querystring: Type.Object({
          regionCode: Type.Optional(RegionCodeQuery),
          type: Type.Optional(NumberTypeQuery),
          ...NumberPatternQuery,
          capability: Type.Optional(CapabilityList('Numbers must have all of these')),
          capabilities: Type.Optional(CapabilityList('The same filter, as the Python SDK names it')),
          ...PageQuery,
          orderBy: Type.Optional(
            Text(LIMITS.code, 'phoneNumber (default) or displayName; PHONE_NUMBER and DISPLAY_NAME too'),
          ),
        }),
        response: {
          200: PageOf('activeNumbers', ActiveNumber),
          ...errorResponses(400),
        },
      },
    },
    async (request) => {
      const q = request.query;
      let orderBy: 'phoneNumber' | 'displayName' | undefined;
      if (q.orderBy) {
        orderBy = ORDER_BY[q.orderBy];
        if (!orderBy) throw errors.fieldViolation('order_by', `Invalid order_by ${q.orderBy}`);
      }
      const capability = [...(q.capability ?? []), ...(q.capabilities ?? [])];
      const page = await numbers.listActive(request.params.projectId, {
        regionCode: q.regionCode?.toUpperCase(),
        numberType: q.type,
        pattern: parseNumberPattern(q['numberPattern.pattern'], q['numberPattern.searchPattern']),
        capabilities: capability.length ? capability : undefined,
        pageSize: q.pageSize,
        pageToken: q.pageToken,
        orderBy,
      });
      return toWireActiveNumberPage(page, clock.now());
    },
  );
};
