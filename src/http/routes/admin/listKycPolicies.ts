import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { TAGS } from '../../tags.js';
import { Policy } from './kycPolicySchemas.js';

/** GET /admin/v1/kycPolicies — the latest version of every policy. */
export const listKycPolicies: Operation = (app, { policies }) => {
  app.get(
    '/kycPolicies',
    {
      schema: {
        operationId: 'AdminService_ListKycPolicies',
        tags: [TAGS.admin],
        summary: 'List the KYC policies in force',
        response: { 200: Type.Object({ policies: Type.Array(Policy) }) },
      },
    },
    async () => ({ policies: await policies.list() }),
  );
};
