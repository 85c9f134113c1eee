import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { Code, ErrorEnvelope } from '../../schemas.js';

const PolicyPath = Type.Object({ regionCode: Code, numberType: Code });
/** Free-form here: parsePolicy checks the document, its own limits included (policyFile.ts). */
const Policy = Type.Object({}, { additionalProperties: true });

/** KYC policies as data: list, read, and add or replace (a new version) per (region, number type). */
export const adminKycPolicies: Operation = (app, { policies }) => {
  app.get(
    '/kycPolicies',
    { schema: { response: { 200: Type.Object({ policies: Type.Array(Policy) }) } } },
    async () => ({
      policies: await policies.list(),
    }),
  );

  app.get(
    '/kycPolicies/:regionCode/:numberType',
    { schema: { params: PolicyPath, response: { 200: Policy, 404: ErrorEnvelope } } },
    async (request) => policies.get(request.params.regionCode, request.params.numberType),
  );

  app.put(
    '/kycPolicies/:regionCode/:numberType',
    { schema: { params: PolicyPath, body: Policy, response: { 200: Policy, 400: ErrorEnvelope } } },
    async (request) => policies.put(request.params.regionCode, request.params.numberType, request.body),
  );
};
