import { readdirSync, readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { boundPatterns, schemaLimitProblems } from '../../schemaSafety.js';

/**
 * KYC policies: one JSON document per (region, number type), kept in `policies/<REGION>-<TYPE>.json`
 * and replaceable through the admin API. A policy carries the JSON Schema (draft-07) that the
 * registration `data` of a number order must satisfy, the attachments the requirements lookup
 * announces, the rules a reviewer checks by hand, and where each requirement comes from.
 * docs/kyc-policies.md describes the format.
 */

export interface PolicyAttachment {
  id: string;
  title: string;
  description: string;
  mandatory: boolean;
  allowedMimeTypes: string[];
  allowedDocumentTypes: string[];
}

export interface KycPolicy {
  regionCode: string;
  numberType: 'MOBILE' | 'LOCAL' | 'TOLL_FREE';
  version: number;
  title: string;
  quantityOrdersSupported: boolean;
  dataSchema: Record<string, unknown>;
  attachments: PolicyAttachment[];
  rules: { id: string; description: string }[];
  sources: { requirement: string; source: string }[];
  examples?: { valid: unknown; invalid: { data: unknown; violations: string[] }[] };
}

export interface RegistrationViolation {
  field: string;
  description: string;
}

/** Thrown by {@link parsePolicy}; `problems` lists every reason the document was refused. */
export class PolicyValidationError extends Error {
  readonly problems: string[];

  constructor(problems: string[], subject = 'KYC policy') {
    super(`Invalid ${subject}: ${problems.join('; ')}`);
    this.name = 'PolicyValidationError';
    this.problems = problems;
  }
}

/** At most this many fields are reported for one registration, so a huge payload stays a short answer. */
export const MAX_VIOLATIONS = 100;

const UUID_V4 = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$';

const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength });

/**
 * The shape of a policy document; semantic checks (schema compiles, ids unique, examples, input
 * limits) follow in code. It bounds its own strings and arrays too: documents come from the
 * admin API.
 */
export const POLICY_META_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [
    'regionCode',
    'numberType',
    'version',
    'title',
    'quantityOrdersSupported',
    'dataSchema',
    'attachments',
    'rules',
    'sources',
  ],
  properties: {
    $comment: { type: 'string', maxLength: 2000 },
    regionCode: { type: 'string', maxLength: 2, pattern: '^[A-Z]{2}$' },
    numberType: { enum: ['MOBILE', 'LOCAL', 'TOLL_FREE'] },
    version: { type: 'integer', minimum: 1 },
    title: text(200),
    quantityOrdersSupported: { type: 'boolean' },
    dataSchema: { type: 'object' },
    attachments: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'description', 'mandatory', 'allowedMimeTypes', 'allowedDocumentTypes'],
        properties: {
          id: { type: 'string', maxLength: 36, pattern: UUID_V4 },
          title: text(200),
          description: text(2000),
          mandatory: { type: 'boolean' },
          allowedMimeTypes: {
            type: 'array',
            minItems: 1,
            maxItems: 20,
            uniqueItems: true,
            items: { type: 'string', maxLength: 255, pattern: '^[a-z]+/[a-z0-9][a-z0-9.+-]*$' },
          },
          allowedDocumentTypes: {
            type: 'array',
            minItems: 1,
            maxItems: 50,
            uniqueItems: true,
            items: { type: 'string', pattern: '^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$', maxLength: 64 },
          },
        },
      },
    },
    rules: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'description'],
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 80 },
          description: text(2000),
        },
      },
    },
    sources: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['requirement', 'source'],
        properties: { requirement: text(1000), source: text(2000) },
      },
    },
    examples: {
      type: 'object',
      additionalProperties: false,
      required: ['valid', 'invalid'],
      properties: {
        valid: {},
        invalid: {
          type: 'array',
          maxItems: 50,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['data', 'violations'],
            properties: {
              data: {},
              violations: {
                type: 'array',
                minItems: 1,
                maxItems: MAX_VIOLATIONS,
                items: { type: 'string', minLength: 1, maxLength: 500 },
              },
            },
          },
        },
      },
    },
  },
} as const;

// ---------------------------------------------------------------------------------------------
// Ajv instances

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
export const EMAIL_PATTERN = '^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$';

/**
 * One Ajv per compiled data schema: schemas come from files and the admin API, may carry `$id`s
 * that would clash in a shared instance, and a replaced policy should not stay referenced.
 * Unknown keywords and formats are compile errors (`strictSchema`), so a typo such as `requried`
 * cannot silently switch a check off; tuple and type strictness stay off (draft-07 tuples are fine).
 * `pattern` is the bounded one of schemaSafety.ts: it never runs on a string over its maxLength.
 */
function dataAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: false,
    strictSchema: true,
    logger: false,
  });
  ajv.addFormat('email', new RegExp(EMAIL_PATTERN, 'u'));
  ajv.addFormat('date', isDate);
  ajv.addFormat('uri', isUri);
  return boundPatterns(ajv);
}

const metaAjv = boundPatterns(new Ajv({ allErrors: true, strict: true, logger: false }));
const validateDocument = metaAjv.compile(POLICY_META_SCHEMA);

interface CachedValidator {
  fingerprint: string;
  validate: ValidateFunction;
}

/**
 * Compiled data schemas by region/type/version. The schema's JSON text is compared on every use
 * (cheap next to a request), so a schema replaced or edited under the same key is recompiled.
 */
const validators = new Map<string, CachedValidator>();

function cacheKey(policy: Pick<KycPolicy, 'regionCode' | 'numberType' | 'version'>): string {
  return `${policy.regionCode}-${policy.numberType}-v${policy.version}`;
}

/** Compiles a policy data schema with the policies' Ajv (bounded patterns, their formats). */
export function compileDataSchema(schema: Record<string, unknown>): ValidateFunction {
  return dataAjv().compile(schema);
}

function validatorFor(policy: KycPolicy): ValidateFunction {
  const key = cacheKey(policy);
  const fingerprint = JSON.stringify(policy.dataSchema);
  const cached = validators.get(key);
  if (cached?.fingerprint === fingerprint) return cached.validate;
  const validate = compileDataSchema(policy.dataSchema);
  validators.set(key, { fingerprint, validate });
  return validate;
}

// ---------------------------------------------------------------------------------------------
// Registration validation

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function decodePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** `data`, then `[1]` for array positions and `.postalCode` (or `["odd key"]`) for properties. */
function appendSegment(path: string, parent: unknown, segment: string): string {
  if (Array.isArray(parent) && /^\d+$/.test(segment)) return `${path}[${segment}]`;
  return IDENTIFIER.test(segment) ? `${path}.${segment}` : `${path}[${JSON.stringify(segment)}]`;
}

/** Walks the data along an Ajv instancePath: `/1/postalCode` → `data[1].postalCode`. */
function instanceField(data: unknown, instancePath: string): { field: string; value: unknown } {
  let field = 'data';
  let current: unknown = data;
  if (!instancePath) return { field, value: current };
  for (const raw of instancePath.split('/').slice(1)) {
    const segment = decodePointer(raw);
    field = appendSegment(field, current, segment);
    current =
      current !== null && typeof current === 'object'
        ? (current as Record<string, unknown>)[segment]
        : undefined;
  }
  return { field, value: current };
}

function describeType(type: unknown): string {
  const names: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    integer: 'an integer',
    boolean: 'a boolean',
    object: 'an object',
    array: 'an array',
    null: 'null',
  };
  const list = Array.isArray(type) ? type : String(type).split(',');
  return list.map((t) => names[t] ?? String(t)).join(' or ');
}

function schemaDescription(error: ErrorObject): string | undefined {
  const parent = error.parentSchema as { description?: unknown } | undefined;
  return typeof parent?.description === 'string' ? parent.description.replace(/\.$/, '') : undefined;
}

function violationOf(error: ErrorObject, data: unknown): RegistrationViolation {
  const { field: base, value } = instanceField(data, error.instancePath);
  const params = error.params as Record<string, unknown>;
  const hint = schemaDescription(error);
  switch (error.keyword) {
    case 'required':
    case 'dependencies':
    case 'dependentRequired': {
      const field = appendSegment(base, value, String(params.missingProperty));
      return { field, description: `${field} is required` };
    }
    case 'additionalProperties': {
      const field = appendSegment(base, value, String(params.additionalProperty));
      return { field, description: `${field} is not an allowed field` };
    }
    case 'additionalItems': {
      const limit = Number(params.limit);
      const field = `${base}[${limit}]`;
      return { field, description: `${field} is not allowed: ${base} accepts at most ${limit} items` };
    }
    case 'type':
      return { field: base, description: `${base} must be ${describeType(params.type)}` };
    case 'const':
      return {
        field: base,
        description:
          params.allowedValue === true
            ? `${base} must be true`
            : `${base} must be ${JSON.stringify(params.allowedValue)}`,
      };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => String(v)).join(', ');
      return { field: base, description: `${base} must be one of ${allowed}` };
    }
    case 'pattern':
      return {
        field: base,
        description: hint
          ? `${base} has an invalid format (expected: ${hint})`
          : `${base} has an invalid format (must match ${String(params.pattern)})`,
      };
    case 'format':
      return { field: base, description: `${base} must be a valid ${String(params.format)}` };
    case 'minLength':
      return {
        field: base,
        description:
          Number(params.limit) === 1
            ? `${base} must not be empty`
            : `${base} must be at least ${params.limit} characters long`,
      };
    case 'maxLength':
      return { field: base, description: `${base} must be at most ${params.limit} characters long` };
    case 'minItems':
      return { field: base, description: `${base} must contain at least ${params.limit} item(s)` };
    case 'maxItems':
      return { field: base, description: `${base} must contain at most ${params.limit} item(s)` };
    case 'not':
      return {
        field: base,
        description: hint ? `${base} is not accepted (${hint})` : `${base} is not accepted`,
      };
    case 'anyOf':
    case 'oneOf':
      return { field: base, description: `${base} does not match any accepted form` };
    default:
      return { field: base, description: `${base} ${error.message ?? 'is invalid'}` };
  }
}

/**
 * Validates registration `data` against a policy's data schema. Returns [] when valid, otherwise
 * one violation per offending field (several problems of one field are joined), with fields
 * such as `data[1].postalCode`, `data[0][0].senderId` or `data[3]` (an extra section).
 */
export function validateRegistration(policy: KycPolicy, data: unknown): RegistrationViolation[] {
  return violations(validatorFor(policy), data);
}

function violations(validate: ValidateFunction, data: unknown): RegistrationViolation[] {
  if (validate(data)) return [];
  const byField = new Map<string, string[]>();
  for (const error of validate.errors ?? []) {
    // `if` only says "the then-branch failed"; the branch's own errors carry the detail.
    if (error.keyword === 'if') continue;
    const { field, description } = violationOf(error, data);
    const descriptions = byField.get(field);
    if (descriptions) {
      if (!descriptions.includes(description)) descriptions.push(description);
    } else {
      if (byField.size >= MAX_VIOLATIONS) continue;
      byField.set(field, [description]);
    }
  }
  return [...byField].map(([field, descriptions]) => ({ field, description: descriptions.join('; ') }));
}

// ---------------------------------------------------------------------------------------------
// Policy documents

function metaProblems(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : 'document';
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'required')
      return `${where === 'document' ? '' : `${where}.`}${params.missingProperty} is required`;
    if (e.keyword === 'additionalProperties')
      return `${where} has unknown property "${params.additionalProperty}"`;
    return `${where} ${e.message ?? 'is invalid'}`;
  });
}

function sameFields(actual: string[], expected: string[]): boolean {
  const a = [...new Set(actual)].sort();
  const b = [...new Set(expected)].sort();
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const v of values) (seen.has(v) ? repeated : seen).add(v);
  return [...repeated];
}

/**
 * Validates a policy document: its shape (meta-schema), that `dataSchema` compiles, that
 * attachment ids are unique UUID v4s and rule ids unique, and that the examples behave (the
 * valid one passes, each invalid one fails with exactly its listed fields). Returns the policy,
 * a copy detached from the input; throws a {@link PolicyValidationError} listing every problem.
 */
export function parsePolicy(document: unknown): KycPolicy {
  if (!validateDocument(document)) throw new PolicyValidationError(metaProblems(validateDocument.errors));
  const policy = structuredClone(document) as unknown as KycPolicy;
  const problems: string[] = [];

  for (const id of duplicates(policy.attachments.map((a) => a.id.toLowerCase()))) {
    problems.push(`attachment id ${id} is used more than once`);
  }
  for (const id of duplicates(policy.rules.map((r) => r.id))) {
    problems.push(`rule id ${id} is used more than once`);
  }

  // Checked before compiling, so an unbounded string or a backtracking pattern is named as such.
  const limits = schemaLimitProblems(policy.dataSchema, 'dataSchema');
  problems.push(...limits);

  let validate: ValidateFunction | undefined;
  if (limits.length === 0) {
    try {
      validate = compileDataSchema(policy.dataSchema);
    } catch (error) {
      problems.push(`dataSchema does not compile: ${(error as Error).message}`);
    }
  }

  if (validate && policy.examples) {
    const validViolations = violations(validate, policy.examples.valid);
    if (validViolations.length > 0) {
      problems.push(`examples.valid is rejected: ${validViolations.map((v) => v.description).join('; ')}`);
    }
    policy.examples.invalid.forEach((example, i) => {
      const fields = violations(validate, example.data).map((v) => v.field);
      if (!sameFields(fields, example.violations)) {
        problems.push(
          `examples.invalid[${i}] yields [${fields.join(', ')}] instead of [${example.violations.join(', ')}]`,
        );
      }
    });
  }

  if (problems.length > 0) throw new PolicyValidationError(problems);
  // Compiled once here; validateRegistration finds it under region/type/version.
  validators.set(cacheKey(policy), { fingerprint: JSON.stringify(policy.dataSchema), validate: validate! });
  return policy;
}

/** The folder of the shipped policy files (`policies/` at the repository root). */
export const POLICY_DIR = new URL('../../../policies/', import.meta.url);

/**
 * Reads and parses every `*.json` of a folder, sorted by file name. Each file must be named
 * `<REGION>-<TYPE>.json` after its own regionCode and numberType, and attachment ids must be
 * unique across all files (an upload URL names only the attachment id). Throws on the first
 * bad file, naming it.
 */
export function loadPolicyFiles(dir: URL = POLICY_DIR): KycPolicy[] {
  const base = dir.href.endsWith('/') ? dir : new URL(`${dir.href}/`);
  const names = readdirSync(base)
    .filter((n) => n.endsWith('.json'))
    .sort();
  const policies: KycPolicy[] = [];
  const attachmentOwners = new Map<string, string>();
  for (const name of names) {
    let document: unknown;
    try {
      document = JSON.parse(readFileSync(new URL(name, base), 'utf8'));
    } catch (error) {
      throw new PolicyValidationError([(error as Error).message], `policy file ${name}`);
    }
    let policy: KycPolicy;
    try {
      policy = parsePolicy(document);
    } catch (error) {
      const problems = error instanceof PolicyValidationError ? error.problems : [(error as Error).message];
      throw new PolicyValidationError(problems, `policy file ${name}`);
    }
    const expected = `${policy.regionCode}-${policy.numberType}.json`;
    if (name !== expected) {
      throw new PolicyValidationError(
        [
          `file name must be ${expected} for regionCode ${policy.regionCode} and numberType ${policy.numberType}`,
        ],
        `policy file ${name}`,
      );
    }
    for (const attachment of policy.attachments) {
      const id = attachment.id.toLowerCase();
      const owner = attachmentOwners.get(id);
      if (owner) {
        throw new PolicyValidationError(
          [`attachment id ${id} is already used by ${owner}`],
          `policy file ${name}`,
        );
      }
      attachmentOwners.set(id, name);
    }
    policies.push(policy);
  }
  return policies;
}
