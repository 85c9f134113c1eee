import { Type } from '@sinclair/typebox';
import type { NumberType } from '../../../domain/inventory/products.js';
import type { Operation } from '../../deps.js';
import { EnumList, NUMBER_TYPE_VALUES } from '../../queryParams.js';
import { errorResponses } from '../../responses.js';
import { NumberTypeValue, ProjectParams } from '../../schemas.js';
import { TAGS } from '../../tags.js';

const Response = Type.Object({
  availableRegions: Type.Array(
    Type.Object({ regionCode: Type.String(), regionName: Type.String(), types: Type.Array(NumberTypeValue) }),
  ),
});

/** GET /availableRegions — regions that sell numbers; `types` (repeatable) keeps regions selling any of them. */
export const listAvailableRegions: Operation = (app, { numbers }) => {
  app.get(
    '/availableRegions',
    {
      schema: {
        operationId: 'NumberService_ListAvailableRegions',
        tags: [TAGS.availableRegions],
        summary: 'List the regions that sell numbers',
        params: ProjectParams,
        querystring: Type.Object({
          types: Type.Optional(
            EnumList(
              [...NUMBER_TYPE_VALUES, 'NUMBER_TYPE_UNSPECIFIED'],
              'Keep regions that sell any of these types (NUMBER_TYPE_UNSPECIFIED filters nothing)',
            ),
          ),
        }),
        response: { 200: Response, ...errorResponses(400) },
      },
    },
    async (request) => {
      // The legacy enum value NUMBER_TYPE_UNSPECIFIED filters nothing.
      const wanted = request.query.types?.filter((t): t is NumberType => t !== 'NUMBER_TYPE_UNSPECIFIED');
      return numbers.listRegions(wanted?.length ? wanted : undefined);
    },
  );
};
