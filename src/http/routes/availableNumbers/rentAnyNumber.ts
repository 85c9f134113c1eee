import { Type } from '@sinclair/typebox';
import { parseNumberPattern } from '../../../domain/numbers/patterns.js';
import type { Operation } from '../../deps.js';
import { CAPABILITIES, enumList, enumValue, NUMBER_TYPE_VALUES, requiredValue } from '../../queryValues.js';
import { ActiveNumber, ConfigurationFields, errorResponses, ProjectParams } from '../../schemas.js';

/** POST /availableNumbers:rentAny — US LOCAL only, as upstream. */
export const rentAnyNumber: Operation = (app, { numbers }) => {
  app.post(
    '/availableNumbers::rentAny',
    {
      schema: {
        operationId: 'RentAnyNumber',
        params: ProjectParams,
        body: Type.Object({
          regionCode: Type.Optional(Type.String()),
          type: Type.Optional(Type.String()),
          numberPattern: Type.Optional(
            Type.Object({
              pattern: Type.Optional(Type.String()),
              searchPattern: Type.Optional(Type.String()),
            }),
          ),
          capabilities: Type.Optional(Type.Array(Type.String())),
          ...ConfigurationFields,
        }),
        response: { 200: ActiveNumber, ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      return numbers.rentAny(request.params.projectId, {
        ...body,
        regionCode: requiredValue('regionCode', body.regionCode).toUpperCase(),
        type: enumValue('type', requiredValue('type', body.type), NUMBER_TYPE_VALUES)!,
        numberPattern: parseNumberPattern(body.numberPattern?.pattern, body.numberPattern?.searchPattern),
        capabilities: enumList('capabilities', body.capabilities, CAPABILITIES),
      });
    },
  );
};
