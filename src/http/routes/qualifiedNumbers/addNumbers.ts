import { Type } from '@sinclair/typebox';
import { MAX_BATCH } from '../../../domain/qualified/qualifiedNumber.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { ProjectParams } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireQualifiedNumber } from '../../wire/qualifiedNumber.js';
import { AddNumbersBody, QualifiedNumber } from './schemas.js';

/** POST /qualifiedNumbers:addNumbers — a batch, created whole or not at all. */
export const addNumbers: Operation = (app, { qualified }) => {
  app.post(
    '/qualifiedNumbers::addNumbers',
    {
      schema: {
        operationId: 'QualifiedNumberService_BatchCreateQualifiedNumbers',
        tags: [TAGS.qualifiedNumbers],
        summary: 'Ask for numbers to be qualified for hosting',
        description: `Up to ${MAX_BATCH} US or CA numbers, each once. Each starts GLOBAL_PROCESS_STATE_ELIGIBLE_CHECK_PENDING: eligibility needs the invoices of the numbers (e-mailed to orders@sinch.com upstream). A number this project asked for already is a 409 and nothing is created.`,
        params: ProjectParams,
        body: AddNumbersBody,
        response: {
          200: Type.Object({ qualifiedNumbers: Type.Array(QualifiedNumber) }),
          ...errorResponses(400, 409),
        },
      },
    },
    async (request) => ({
      qualifiedNumbers: (await qualified.addNumbers(request.params.projectId, request.body.phoneNumbers)).map(
        toWireQualifiedNumber,
      ),
    }),
  );
};
