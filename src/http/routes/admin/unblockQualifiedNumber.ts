import { Type } from '@sinclair/typebox';
import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import { REVIEW_REASON_MAX_LENGTH, REVIEWER_MAX_LENGTH } from '../../../domain/qualified/qualifiedNumber.js';
import { ActorHeaders, actorOf } from '../../actor.js';
import type { Operation } from '../../deps.js';
import { errorResponses, refusedInState } from '../../responses.js';
import { LIMITS, Text } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireReviewedQualifiedNumber } from '../../wire/qualifiedNumber.js';
import { ReviewedQualifiedNumber } from './qualifiedNumberSchemas.js';

/**
 * POST /admin/v1/projects/{projectId}/qualifiedNumbers/{phoneNumber}:unblock — an operator lifts
 * a VERIFICATION_BLOCKED number back to ELIGIBLE (fresh wrong-code count), kept with who, when, why.
 */
export const unblockQualifiedNumber: Operation = (app, { qualified }) => {
  app.post(
    '/projects/:projectId/qualifiedNumbers/:phoneNumber(^[^:]+)::unblock',
    {
      schema: {
        operationId: 'AdminService_UnblockQualifiedNumber',
        tags: [TAGS.admin],
        summary: 'Lift the verification block of a qualified number',
        params: Type.Object({ projectId: Text(LIMITS.pathParam), phoneNumber: Text(LIMITS.pathParam) }),
        headers: ActorHeaders,
        body: Type.Object({
          reason: Text(REVIEW_REASON_MAX_LENGTH, 'Why the block is lifted'),
          reviewer: Type.Optional(
            Text(REVIEWER_MAX_LENGTH, 'Who lifts it; X-Open-Numbers-Actor, else "admin-token", by default'),
          ),
        }),
        response: { 200: ReviewedQualifiedNumber, ...errorResponses(400, 404), ...refusedInState() },
      },
    },
    async (request) =>
      toWireReviewedQualifiedNumber(
        await qualified.unblock(request.params.projectId, parsePathPhoneNumber(request.params.phoneNumber), {
          ...request.body,
          reviewer: actorOf(request, request.body.reviewer),
        }),
      ),
  );
};
