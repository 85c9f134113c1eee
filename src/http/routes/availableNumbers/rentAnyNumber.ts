import { Type } from '@sinclair/typebox';
import { parseNumberPattern } from '../../../domain/numbers/patterns.js';
import { enumList, enumValue, requiredValue } from '../../bodyValues.js';
import type { Operation } from '../../deps.js';
import { CAPABILITIES, NUMBER_TYPE_VALUES } from '../../queryParams.js';
import { errorResponses } from '../../responses.js';
import {
  ActiveNumber,
  CodeList,
  ConfigurationFields,
  LIMITS,
  NumberPatternBody,
  ProjectParams,
  Text,
} from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireActiveNumber } from '../../wire/activeNumber.js';

/** POST /availableNumbers:rentAny — US LOCAL only, as upstream. */
export const rentAnyNumber: Operation = (app, { numbers, clock }) => {
  app.post(
    '/availableNumbers::rentAny',
    {
      schema: {
        operationId: 'NumberService_RentAnyNumber',
        tags: [TAGS.availableNumber],
        summary: 'Rent any number that matches the criteria (US LOCAL only)',
        params: ProjectParams,
        body: Type.Object({
          regionCode: Text(LIMITS.code, 'US is the only region served'),
          type: Text(LIMITS.code, 'LOCAL is the only type served'),
          numberPattern: Type.Optional(NumberPatternBody),
          capabilities: Type.Optional(CodeList),
          ...ConfigurationFields,
        }),
        response: { 200: ActiveNumber, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const body = request.body;
      const rented = await numbers.rentAny(request.params.projectId, {
        ...body,
        regionCode: requiredValue('regionCode', body.regionCode).toUpperCase(),
        type: enumValue('type', requiredValue('type', body.type), NUMBER_TYPE_VALUES)!,
        numberPattern: parseNumberPattern(body.numberPattern?.pattern, body.numberPattern?.searchPattern),
        capabilities: enumList('capabilities', body.capabilities, CAPABILITIES),
      });
      return toWireActiveNumber(rented, clock.now());
    },
  );
};
