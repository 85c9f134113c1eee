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
import {
  AvailableNumber,
  Code,
  CodeList,
  errorResponses,
  LIMITS,
  NumberPatternQuery,
  ProjectParams,
  Text,
} from '../../schemas.js';

/** GET /availableNumbers — search; regionCode and type required, no pagination, `size` caps. */
export const listAvailableNumbers: Operation = (app, { numbers }) => {
  app.get(
    '/availableNumbers',
    {
      schema: {
        operationId: 'ListAvailableNumbers',
        params: ProjectParams,
        querystring: Type.Object({
          regionCode: Type.Optional(Code),
          type: Type.Optional(Code),
          ...NumberPatternQuery,
          capabilities: Type.Optional(CodeList),
          size: Type.Optional(Text(LIMITS.numberText)),
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
