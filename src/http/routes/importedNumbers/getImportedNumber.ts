import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { toWireImportedNumber } from '../../wire/importedNumber.js';
import { ImportedNumber, ImportedNumberParams } from './schemas.js';

/** GET /importedNumbers/{phoneNumber}. */
export const getImportedNumber: Operation = (app, { imported }) => {
  app.get(
    '/importedNumbers/:phoneNumber',
    {
      schema: {
        operationId: 'ImportNumberService_GetImportedNumber',
        tags: [TAGS.importedNumbers],
        summary: 'Read an imported number',
        params: ImportedNumberParams,
        response: { 200: ImportedNumber, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      toWireImportedNumber(
        await imported.get(request.params.projectId, parsePathPhoneNumber(request.params.phoneNumber)),
      ),
  );
};
