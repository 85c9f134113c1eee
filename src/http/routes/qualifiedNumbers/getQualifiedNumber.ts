import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { toWireQualifiedNumber } from '../../wire/qualifiedNumber.js';
import { QualifiedNumber, QualifiedNumberParams } from './schemas.js';

/** GET /qualifiedNumbers/{phoneNumber}. */
export const getQualifiedNumber: Operation = (app, { qualified }) => {
  app.get(
    '/qualifiedNumbers/:phoneNumber',
    {
      schema: {
        operationId: 'QualifiedNumberService_GetQualifiedNumber',
        tags: [TAGS.qualifiedNumbers],
        summary: 'Get a qualified number',
        params: QualifiedNumberParams,
        response: { 200: QualifiedNumber, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      toWireQualifiedNumber(
        await qualified.get(request.params.projectId, parsePathPhoneNumber(request.params.phoneNumber)),
      ),
  );
};
