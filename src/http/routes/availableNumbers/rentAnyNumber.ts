import { Type } from '@sinclair/typebox';
import { parseNumberPattern } from '../../../domain/numbers/patterns.js';
import type { Operation } from '../../deps.js';
import { CAPABILITIES, enumList, enumValue, NUMBER_TYPE_VALUES, requiredValue } from '../../queryValues.js';
import {
  ActiveNumber,
  Code,
  CodeList,
  ConfigurationFields,
  errorResponses,
  NumberPatternBody,
  ProjectParams,
} from '../../schemas.js';

/** POST /availableNumbers:rentAny — US LOCAL only, as upstream. */
export const rentAnyNumber: Operation = (app, { numbers }) => {
  app.post(
    '/availableNumbers::rentAny',
    {
      schema: {
        operationId: 'RentAnyNumber',
        params: ProjectParams,
        body: Type.Object({
          regionCode: Type.Optional(Code),
          type: Type.Optional(Code),
          numberPattern: Type.Optional(NumberPatternBody),
          capabilities: Type.Optional(CodeList),
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
