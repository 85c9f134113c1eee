import { Type } from '@sinclair/typebox';
import { parseNumberPattern } from '../../../domain/numbers/patterns.js';
import type { Operation } from '../../deps.js';
import {
  CAPABILITIES,
  enumList,
  enumValue,
  NUMBER_TYPE_VALUES,
  nonNegativeInteger,
  requiredValue,
} from '../../queryValues.js';
import { AvailableNumber, errorResponses, NumberPatternQuery, ProjectParams } from '../../schemas.js';

/** GET /availableNumbers — search; regionCode and type required, no pagination, `size` caps. */
export const listAvailableNumbers: Operation = (app, { numbers }) => {
  app.get(
    '/availableNumbers',
    {
      schema: {
        operationId: 'ListAvailableNumbers',
        params: ProjectParams,
        querystring: Type.Object({
          regionCode: Type.Optional(Type.String()),
          type: Type.Optional(Type.String()),
          ...NumberPatternQuery,
          capabilities: Type.Optional(Type.Array(Type.String())),
          size: Type.Optional(Type.String()),
        }),
        response: { 200: Type.Object({ availableNumbers: Type.Array(AvailableNumber) }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const regionCode = requiredValue('regionCode', q.regionCode).toUpperCase();
      const numberType = enumValue('type', requiredValue('type', q.type), NUMBER_TYPE_VALUES)!;
      return numbers.searchAvailable({
        regionCode,
        numberType,
        pattern: parseNumberPattern(q['numberPattern.pattern'], q['numberPattern.searchPattern']),
        capabilities: enumList('capabilities', q.capabilities, CAPABILITIES),
        size: nonNegativeInteger('size', q.size),
      });
    },
  );
};
