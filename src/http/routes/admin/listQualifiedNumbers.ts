import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { PageOf, PageQuery } from '../../queryParams.js';
import { errorResponses } from '../../responses.js';
import { Code } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireReviewedQualifiedNumber } from '../../wire/qualifiedNumber.js';
import { ReviewedQualifiedNumber } from './qualifiedNumberSchemas.js';

/** GET /admin/v1/qualifiedNumbers — the eligibility review queue across projects, oldest first. */
export const listQualifiedNumbersForReview: Operation = (app, { qualified }) => {
  app.get(
    '/qualifiedNumbers',
    {
      schema: {
        operationId: 'AdminService_ListQualifiedNumbers',
        tags: [TAGS.admin],
        summary: "Every project's qualified numbers in one state (the eligibility review queue)",
        querystring: Type.Object({
          state: Type.Optional(
            Type.Unsafe<string>({
              ...Code,
              description:
                'A global process state, with or without its prefix; ELIGIBLE_CHECK_PENDING by default',
            }),
          ),
          ...PageQuery,
        }),
        response: { 200: PageOf('qualifiedNumbers', ReviewedQualifiedNumber), ...errorResponses(400) },
      },
    },
    async (request) => {
      const page = await qualified.queue(request.query);
      return {
        qualifiedNumbers: page.records.map(toWireReviewedQualifiedNumber),
        nextPageToken: page.nextPageToken,
        totalSize: page.totalSize,
      };
    },
  );
};
