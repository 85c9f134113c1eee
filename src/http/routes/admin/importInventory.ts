import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  IMPORT_COLUMNS,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
} from '../../../domain/inventory/inventoryImport.js';
import { errors } from '../../../errors.js';
import { ActorHeaders, actorOf } from '../../actor.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { validatorCompiler } from '../../validation.js';

const CSV_TYPES = ['text/csv', 'text/plain'];

/**
 * POST /admin/v1/inventory:import — a CSV file (`Content-Type: text/csv`) of numbers to sell:
 * every row is checked, and either all of them are imported or, when any row is rejected, none
 * (400 naming each rejected row by its line). One transaction.
 */
export const importInventory: Operation = (app, { admin }) => {
  app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser(
      CSV_TYPES,
      { parseAs: 'string', bodyLimit: MAX_IMPORT_BYTES },
      (_request, body, done) => done(null, body),
    );
    scope.post(
      '/inventory::import',
      {
        bodyLimit: MAX_IMPORT_BYTES,
        schema: {
          operationId: 'AdminService_ImportInventory',
          tags: [TAGS.admin],
          summary: 'Import numbers into the inventory from a CSV file: all of them or none',
          description: `A header row naming ${IMPORT_COLUMNS.join(', ')} (any order), then one number per row, e.g. \`+12025550123,US,LOCAL,SMS;VOICE\`. At most ${MAX_IMPORT_BYTES / (1024 * 1024)} MiB and ${MAX_IMPORT_ROWS} rows (413 beyond). Prices are per region and type: PUT /admin/v1/prices/{regionCode}/{type}.`,
          headers: ActorHeaders,
          consumes: ['text/csv'],
          body: Type.String({ maxLength: MAX_IMPORT_BYTES, description: 'The CSV file' }),
          response: {
            200: Type.Object({
              imported: Type.Integer({ description: 'Numbers added, available from now on' }),
              rejected: Type.Array(
                Type.Object({ row: Type.Integer(), phoneNumber: Type.String(), reason: Type.String() }),
                { description: 'Empty: with a rejected row the answer is a 400 naming each' },
              ),
            }),
            ...errorResponses(400, 413, 415),
          },
        },
        // The file is read and checked by the domain, row by row; counting the characters of a
        // 10 MiB string for maxLength would only cost time (the body limit bounds it).
        validatorCompiler: (route) => (route.httpPart === 'body' ? () => true : validatorCompiler(route)),
      },
      async (request) => {
        const contentType = String(request.headers['content-type'] ?? '');
        if (!CSV_TYPES.some((type) => contentType.toLowerCase().startsWith(type)))
          throw errors.unsupportedMediaType(contentType, ['text/csv']);
        const csv = typeof request.body === 'string' ? request.body : '';
        const report = await admin.importInventory(csv, actorOf(request));
        if (report.rejected.length) throw errors.importRejected(report.rejected);
        return report;
      },
    );
  });
};
