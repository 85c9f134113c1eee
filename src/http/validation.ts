import { Ajv, type ValidateFunction } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';
import { boundPatterns } from '../schemaSafety.js';
import { compileLater } from './compileLater.js';

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

/**
 * Validators by Ajv and schema text. Fastify asks for one per route and part, but most are the
 * same schema again (the `:projectId` params of 91 routes are 11 schemas; 147 request schemas
 * are 48): each is compiled once, and not again for the next app (tests build many). Route
 * schemas are a fixed set, so this stays small.
 */
const validators = new Map<string, ValidateFunction>();

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const body = httpPart === 'body';
  const key = `${body ? 'body' : 'coercing'} ${JSON.stringify(schema)}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = compiledOnFirstUse(() => (body ? strict : coercing).compile(schema));
    validators.set(key, validate);
  }
  return validate;
};

/** A validator that compiles on its first call (./compileLater.ts) and then is Ajv's. */
function compiledOnFirstUse(compile: () => ValidateFunction): ValidateFunction {
  const compiled = compileLater(compile);
  const validate = ((data: unknown, context?: unknown) => {
    const ajvValidate = compiled();
    const valid = ajvValidate(data, context as Parameters<ValidateFunction>[1]);
    validate.errors = ajvValidate.errors;
    return valid;
  }) as ValidateFunction;
  // Fastify hands a validator the object holding the value (so Ajv may coerce or default the value
  // itself) when the validator has Ajv's `schemaEnv`.
  Object.defineProperty(validate, 'schemaEnv', { get: () => compiled().schemaEnv });
  return validate;
}
