import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { ProjectParams } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireImportedNumber } from '../../wire/importedNumber.js';
import { ImportedNumber, ImportedNumberBody } from './schemas.js';

/** POST /importedNumbers — imports a US or CA number hosted elsewhere (409 if imported or ours). */
export const importNumber: Operation = (app, { imported }) => {
  app.post(
    '/importedNumbers',
    {
      schema: {
        operationId: 'ImportNumberService_ImportNumber',
        tags: [TAGS.importedNumbers],
        summary: 'Import a number hosted elsewhere',
        description:
          'Needs phoneNumber, regionCode and smsConfiguration.servicePlanId. A number of this server’s own inventory, or one imported already (by any project), is a 409.',
        params: ProjectParams,
        body: ImportedNumberBody,
        response: { 200: ImportedNumber, ...errorResponses(400, 409) },
      },
    },
    async (request) =>
      toWireImportedNumber(await imported.importNumber(request.params.projectId, request.body)),
  );
};
