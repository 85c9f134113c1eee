import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { enumList, NUMBER_TYPE_VALUES } from '../../queryValues.js';
import { CodeList, errorResponses, ProjectParams } from '../../schemas.js';

const Response = Type.Object({
  availableRegions: Type.Array(
    Type.Object({ regionCode: Type.String(), regionName: Type.String(), types: Type.Array(Type.String()) }),
  ),
});

/** GET /availableRegions — regions that sell numbers; `types` (repeatable) keeps regions selling any of them. */
export const listAvailableRegions: Operation = (app, { numbers }) => {
  app.get(
    '/availableRegions',
    {
      schema: {
        operationId: 'ListAvailableRegions',
        params: ProjectParams,
        querystring: Type.Object({ types: Type.Optional(CodeList) }),
        response: { 200: Response, ...errorResponses },
      },
    },
    async (request) => {
      // The legacy enum value NUMBER_TYPE_UNSPECIFIED filters nothing.
      const types = enumList('types', request.query.types, [
        ...NUMBER_TYPE_VALUES,
        'NUMBER_TYPE_UNSPECIFIED',
      ] as const);
      const wanted = types?.filter((t) => t !== 'NUMBER_TYPE_UNSPECIFIED');
      return numbers.listRegions(
        wanted?.length ? (wanted as (typeof NUMBER_TYPE_VALUES)[number][]) : undefined,
      );
    },
  );
};
