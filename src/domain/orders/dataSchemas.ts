import { Ajv, type ValidateFunction } from 'ajv';
import { boundPatterns } from '../../schemaSafety.js';

/** The Ajv that compiles a KYC policy's `dataSchema`, and the formats such schemas may use. */

/** A calendar date, YYYY-MM-DD. */
function isDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function isUri(value: string): boolean {
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** An e-mail address; linear-time (see schemaSafety.ts): each `+` stops at a character it cannot take. */
const EMAIL_PATTERN = '^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$';

/**
 * One Ajv per compiled data schema: schemas come from files and the admin API, may carry `$id`s
 * that would clash in a shared instance, and a replaced policy should not stay referenced.
 * Unknown keywords and formats are compile errors (`strictSchema`), so a typo such as `requried`
 * cannot silently switch a check off; tuple and type strictness stay off (draft-07 tuples are fine).
 * `pattern` is the bounded one of schemaSafety.ts: it never runs on a string over its maxLength.
 */
function dataAjv(validateSchema = true): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: false,
    strictSchema: true,
    logger: false,
    validateSchema,
  });
  ajv.addFormat('email', new RegExp(EMAIL_PATTERN, 'u'));
  ajv.addFormat('date', isDate);
  ajv.addFormat('uri', isUri);
  return boundPatterns(ajv);
}

/**
 * Checks a data schema against its meta-schema (draft-07) before it is compiled. An Ajv compiles
 * the meta-schema on first use (~40 ms, more than a policy's own schema): one instance, kept,
 * does it once, instead of each policy's own Ajv again (every shipped policy at every start).
 */
let metaSchemaChecker: Ajv | undefined;

/** Compiles a policy data schema with the policies' Ajv (bounded patterns, their formats). */
export function compileDataSchema(schema: Record<string, unknown>): ValidateFunction {
  metaSchemaChecker ??= dataAjv();
  // Throws Ajv's own "schema is invalid: …", as compile() did when each Ajv checked its schema.
  metaSchemaChecker.validateSchema(schema, true);
  return dataAjv(false).compile(schema);
}
