import { ActorHeaders, actorOf } from '../../actor.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { Policy, PolicyPath } from './kycPolicySchemas.js';

/** PUT /admin/v1/kycPolicies/{regionCode}/{numberType} — stored as a new version, which is then in force. */
export const putKycPolicy: Operation = (app, { policies }) => {
  app.put(
    '/kycPolicies/:regionCode/:numberType',
    {
      schema: {
        operationId: 'AdminService_PutKycPolicy',
        tags: [TAGS.admin],
        summary: 'Add or replace (as a new version) the KYC policy of a region and number type',
        params: PolicyPath,
        headers: ActorHeaders,
        body: Policy,
        response: { 200: Policy, ...errorResponses(400) },
      },
    },
    async (request) =>
      policies.put(request.params.regionCode, request.params.numberType, request.body, actorOf(request)),
  );
};
