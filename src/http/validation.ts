import { Ajv } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';
import { boundPatterns } from '../schemaSafety.js';

/**
 * Query strings are all text, so their schemas coerce (`size=5` → 5, a single `capabilities=SMS`
 * → ["SMS"]). Bodies are JSON and are validated as sent: `{"servicePlanId": 5}` is an error, not
 * the plan "5". (A missing body was already made `{}` by plugins/jsonBody.ts; empty query values
 * were dropped and comma lists split by plugins/queryValues.ts.)
 *
 * Both run with `allErrors`, so every field violation is reported at once; `boundPatterns` makes
 * sure that a `pattern` still never runs on a string over the `maxLength` beside it. Every route's
 * request schema bounds its strings and arrays and gives each pattern a maxLength:
 * src/http/patternSafety.test.ts checks all of them.
 */
const coercing = boundPatterns(
  new Ajv({
    coerceTypes: 'array',
    useDefaults: true,
    removeAdditional: true,
    allErrors: true,
    allowUnionTypes: true,
    verbose: true,
  }),
);
const strict = boundPatterns(
  new Ajv({
    coerceTypes: false,
    useDefaults: true,
    removeAdditional: true,
    allErrors: true,
    allowUnionTypes: true,
    verbose: true,
  }),
);

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strict : coercing).compile(schema);
