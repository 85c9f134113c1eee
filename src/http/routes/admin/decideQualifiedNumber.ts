import { Type } from '@sinclair/typebox';
import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import { REVIEW_REASON_MAX_LENGTH, REVIEWER_MAX_LENGTH } from '../../../domain/qualified/qualifiedNumber.js';
import { ActorHeaders, actorOf } from '../../actor.js';
import type { Operation } from '../../deps.js';
import { errorResponses, refusedInState } from '../../responses.js';
import { Code, LIMITS, Text } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireReviewedQualifiedNumber } from '../../wire/qualifiedNumber.js';
import { ReviewedQualifiedNumber } from './qualifiedNumberSchemas.js';

/**
 * POST /admin/v1/projects/{projectId}/qualifiedNumbers/{phoneNumber}:decide — an operator's
 * eligibility decision on a pending number, kept with who made it, when and why.
 */
export const decideQualifiedNumber: Operation = (app, { qualified }) => {
  app.post(
    '/projects/:projectId/qualifiedNumbers/:phoneNumber(^[^:]+)::decide',
    {
      schema: {
        operationId: 'AdminService_DecideQualifiedNumber',
        tags: [TAGS.admin],
        summary: 'Decide whether a pending qualified number is eligible',
        params: Type.Object({ projectId: Text(LIMITS.pathParam), phoneNumber: Text(LIMITS.pathParam) }),
        headers: ActorHeaders,
        body: Type.Object({
          decision: Type.Unsafe<string>({ ...Code, description: 'ELIGIBLE or NOT_ELIGIBLE' }),
          reason: Text(REVIEW_REASON_MAX_LENGTH, 'Why; a NOT_ELIGIBLE reason is shown to the project'),
          reviewer: Type.Optional(
            Text(REVIEWER_MAX_LENGTH, 'Who decides; X-Open-Numbers-Actor, else "admin-token", by default'),
          ),
        }),
        response: { 200: ReviewedQualifiedNumber, ...errorResponses(400, 404), ...refusedInState() },
      },
    },
    async (request) =>
      toWireReviewedQualifiedNumber(
        await qualified.decide(request.params.projectId, parsePathPhoneNumber(request.params.phoneNumber), {
          ...request.body,
          reviewer: actorOf(request, request.body.reviewer),
        }),
      ),
  );
};
