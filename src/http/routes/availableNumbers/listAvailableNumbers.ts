import { Type } from '@sinclair/typebox';
import { parseNumberPattern } from '../../../domain/numbers/patterns.js';
import type { Operation } from '../../deps.js';
import {
  CapabilityList,
  Count,
  NumberPatternQuery,
  NumberTypeQuery,
  RegionCodeQuery,
} from '../../queryParams.js';
import { errorResponses } from '../../responses.js';
import { AvailableNumber, ProjectParams } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireAvailableNumber } from '../../wire/availableNumber.js';

/** GET /availableNumbers — search; regionCode and type required, no pagination, `size` caps. */
export const listAvailableNumbers: Operation = (app, { numbers }) => {
  app.get(
    '/availableNumbers',
    {
      schema: {
        operationId: 'NumberService_ListAvailableNumbers',
        tags: [TAGS.availableNumber],
        summary: 'Search the numbers for sale in a region',
        params: ProjectParams,
        querystring: Type.Object({
          regionCode: RegionCodeQuery,
          type: NumberTypeQuery,
          ...NumberPatternQuery,
          capabilities: Type.Optional(CapabilityList('Numbers must have all of these')),
          size: Type.Optional(Count('At most this many numbers (default 100, at most 1000)')),
        }),
        response: {
          200: Type.Object({ availableNumbers: Type.Array(AvailableNumber) }),
          ...errorResponses(400),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const found = await numbers.searchAvailable({
        regionCode: q.regionCode.toUpperCase(),
        numberType: q.type,
        pattern: parseNumberPattern(q['numberPattern.pattern'], q['numberPattern.searchPattern']),
        capabilities: q.capabilities,
        size: q.size,
      });
      return { availableNumbers: found.map(toWireAvailableNumber) };
    },
  );
};
