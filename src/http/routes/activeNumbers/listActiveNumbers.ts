import { Type } from '@sinclair/typebox';
import { parseNumberPattern } from '../../../domain/numbers/patterns.js';
import { errors } from '../../../errors.js';
import type { Operation } from '../../deps.js';
import {
  CAPABILITIES,
  enumList,
  enumValue,
  NUMBER_TYPE_VALUES,
  nonNegativeInteger,
} from '../../queryValues.js';
import { ActiveNumber, errorResponses, NumberPatternQuery, ProjectParams } from '../../schemas.js';

const ORDER_BY: Record<string, 'phoneNumber' | 'displayName'> = {
  phoneNumber: 'phoneNumber',
  displayName: 'displayName',
  PHONE_NUMBER: 'phoneNumber',
  DISPLAY_NAME: 'displayName',
};

/**
 * GET /activeNumbers — paginated. The capability filter is `capability` (Node, Java, .NET) or
 * `capabilities` (Python); `totalSize` is always set and `nextPageToken` is "" on the last page.
 */
export const listActiveNumbers: Operation = (app, { numbers }) => {
  app.get(
    '/activeNumbers',
    {
      schema: {
        operationId: 'ListActiveNumbers',
        params: ProjectParams,
        querystring: Type.Object({
          regionCode: Type.Optional(Type.String()),
          type: Type.Optional(Type.String()),
          ...NumberPatternQuery,
          capability: Type.Optional(Type.Array(Type.String())),
          capabilities: Type.Optional(Type.Array(Type.String())),
          pageSize: Type.Optional(Type.String()),
          pageToken: Type.Optional(Type.String()),
          orderBy: Type.Optional(Type.String()),
        }),
        response: {
          200: Type.Object({
            activeNumbers: Type.Array(ActiveNumber),
            nextPageToken: Type.String(),
            totalSize: Type.Integer(),
          }),
          ...errorResponses,
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
      return numbers.listActive(request.params.projectId, {
        regionCode: q.regionCode?.toUpperCase() || undefined,
        numberType: enumValue('type', q.type, NUMBER_TYPE_VALUES),
        pattern: parseNumberPattern(q['numberPattern.pattern'], q['numberPattern.searchPattern']),
        capabilities: enumList('capability', capability, CAPABILITIES),
        pageSize: nonNegativeInteger('pageSize', q.pageSize),
        pageToken: q.pageToken || undefined,
        orderBy,
      });
    },
  );
};
