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
import {
  ActiveNumber,
  Code,
  CodeList,
  errorResponses,
  LIMITS,
  NumberPatternQuery,
  ProjectParams,
  Text,
} from '../../schemas.js';

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
          regionCode: Type.Optional(Code),
          type: Type.Optional(Code),
          ...NumberPatternQuery,
          capability: Type.Optional(CodeList),
          capabilities: Type.Optional(CodeList),
          pageSize: Type.Optional(Text(LIMITS.numberText)),
          pageToken: Type.Optional(Text(LIMITS.pageToken)),
          orderBy: Type.Optional(Code),
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
