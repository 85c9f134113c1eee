import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { toWireImportedNumber } from '../../wire/importedNumber.js';
import { ImportedNumber, ImportedNumberBody, ImportedNumberParams } from './schemas.js';

/** PATCH /importedNumbers/{phoneNumber} — name, callback URL, SMS configuration (unlink first). */
export const updateImportedNumber: Operation = (app, { imported }) => {
  app.patch(
    '/importedNumbers/:phoneNumber',
    {
      schema: {
        operationId: 'ImportNumberService_UpdateImportedNumber',
        tags: [TAGS.importedNumbers],
        summary: 'Change an imported number’s name, callback URL or SMS configuration',
        description:
          'Send "" as servicePlanId or campaignId to unlink; another plan or campaign can be linked only after the current one is unlinked.',
        params: ImportedNumberParams,
        body: ImportedNumberBody,
        response: { 200: ImportedNumber, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      toWireImportedNumber(
        await imported.update(
          request.params.projectId,
          parsePathPhoneNumber(request.params.phoneNumber),
          request.body,
        ),
      ),
  );
};
