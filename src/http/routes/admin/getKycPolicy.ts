import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { Policy, PolicyPath } from './kycPolicySchemas.js';

/** GET /admin/v1/kycPolicies/{regionCode}/{numberType}. */
export const getKycPolicy: Operation = (app, { policies }) => {
  app.get(
    '/kycPolicies/:regionCode/:numberType',
    {
      schema: {
        operationId: 'AdminService_GetKycPolicy',
        tags: [TAGS.admin],
        summary: 'Read the KYC policy of a region and number type',
        params: PolicyPath,
        response: { 200: Policy, ...errorResponses(400, 404) },
      },
    },
    async (request) => policies.get(request.params.regionCode, request.params.numberType),
  );
};
