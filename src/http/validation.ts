import { Ajv, type ValidateFunction } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * Query strings are all text, so their schemas coerce (`size=5` → 5, a single `capabilities=SMS`
 * → ["SMS"]). Bodies are JSON and are validated as sent: `{"servicePlanId": 5}` is an error, not
 * the plan "5". A missing body validates as `{}` (the SDKs send none on body-less POSTs).
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

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  if (httpPart !== 'body') return coercing.compile(schema);
  const validate: ValidateFunction = strict.compile(schema);
  const validateBody = (data: unknown) => validate(data ?? {});
  // Fastify reads `errors` from the function it was given.
  return Object.defineProperty(validateBody, 'errors', {
    get: () => validate.errors,
  }) as unknown as ValidateFunction;
};
