import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { TAGS } from '../../tags.js';

/**
 * GET /admin/v1/reviewCounts — how much waits for a person: the queues themselves are
 * GET /admin/v1/numberOrders?state=IN_REVIEW, /qualifiedNumbers and /hostingOrders?state=SUBMITTED.
 */
export const getReviewCounts: Operation = (app, { admin }) => {
  app.get(
    '/reviewCounts',
    {
      schema: {
        operationId: 'AdminService_GetReviewCounts',
        tags: [TAGS.admin],
        summary: 'Count what waits for review, every project',
        response: {
          200: Type.Object({
            numberOrders: Type.Integer({ description: 'Number orders IN_REVIEW' }),
            qualifiedNumbers: Type.Integer({ description: 'Qualified numbers ELIGIBLE_CHECK_PENDING' }),
            blockedQualifiedNumbers: Type.Integer({ description: 'Qualified numbers VERIFICATION_BLOCKED' }),
            hostingOrders: Type.Integer({ description: 'Hosting orders SUBMITTED' }),
          }),
        },
      },
    },
    () => admin.reviewCounts(),
  );
};
