import { Ajv } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * Query strings are all text, so their schemas coerce (`size=5` → 5, a single `capabilities=SMS`
 * → ["SMS"]). Bodies are JSON and are validated as sent: `{"servicePlanId": 5}` is an error, not
 * the plan "5". (A missing body was already made `{}` by app.ts.)
 */
const coercing = new Ajv({
  coerceTypes: 'array',
  useDefaults: true,
  removeAdditional: true,
  allErrors: true,
  verbose: true,
});
const strict = new Ajv({
  coerceTypes: false,
  useDefaults: true,
  removeAdditional: true,
  allErrors: true,
  verbose: true,
});

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strict : coercing).compile(schema);
