import { readdirSync, readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { POLICY_DIR } from '../../paths.js';
import { boundPatterns, schemaLimitProblems } from '../../schemaSafety.js';
import { templateExists } from './attachmentTemplates.js';
import { compileDataSchema } from './dataSchemas.js';
import { POLICY_META_SCHEMA } from './policyMetaSchema.js';
import { type RegistrationViolation, registrationViolations } from './registrationViolations.js';

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
  /** File names in policies/templates/ (see attachmentTemplates.ts). */
  templates?: string[];
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

/** Thrown by {@link parsePolicy}; `problems` lists every reason the document was refused. */
export class PolicyValidationError extends Error {
  readonly problems: string[];

  constructor(problems: string[], subject = 'KYC policy') {
    super(`Invalid ${subject}: ${problems.join('; ')}`);
    this.name = 'PolicyValidationError';
    this.problems = problems;
  }
}

/** Checks a document's shape; compiled on first use (~0.1 s): a start with every policy stored needs none. */
let documentValidator: ValidateFunction | undefined;
function validateDocument(document: unknown): boolean {
  documentValidator ??= boundPatterns(new Ajv({ allErrors: true, strict: true, logger: false })).compile(
    POLICY_META_SCHEMA,
  );
  return documentValidator(document);
}

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

function validatorFor(policy: KycPolicy): ValidateFunction {
  const key = cacheKey(policy);
  const fingerprint = JSON.stringify(policy.dataSchema);
  const cached = validators.get(key);
  if (cached?.fingerprint === fingerprint) return cached.validate;
  const validate = compileDataSchema(policy.dataSchema);
  validators.set(key, { fingerprint, validate });
  return validate;
}

/**
 * Validates registration `data` against a policy's data schema. Returns [] when valid, otherwise
 * one violation per offending field (several problems of one field are joined), with fields
 * such as `data[1].postalCode`, `data[0][0].senderId` or `data[3]` (an extra section).
 */
export function validateRegistration(policy: KycPolicy, data: unknown): RegistrationViolation[] {
  return registrationViolations(validatorFor(policy), data);
}

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
 *
 * `enforceLimits: false` is for documents already in the store: one stored before every string
 * had to have a maxLength and every pattern had to pass the backtracking check must keep
 * serving its orders (its patterns still never run past a maxLength beside them, and without one
 * they run as before); uploads and shipped files always enforce them.
 */
export function parsePolicy(document: unknown, { enforceLimits = true } = {}): KycPolicy {
  if (!validateDocument(document)) throw new PolicyValidationError(metaProblems(documentValidator!.errors));
  const policy = structuredClone(document) as unknown as KycPolicy;
  const problems: string[] = [];

  for (const id of duplicates(policy.attachments.map((a) => a.id.toLowerCase()))) {
    problems.push(`attachment id ${id} is used more than once`);
  }
  // Like the input limits: a stored policy whose template file a later release removed keeps serving.
  for (const attachment of enforceLimits ? policy.attachments : []) {
    for (const name of attachment.templates ?? []) {
      if (!templateExists(name)) problems.push(`attachment ${attachment.id}: no template file ${name}`);
    }
  }
  for (const id of duplicates(policy.rules.map((r) => r.id))) {
    problems.push(`rule id ${id} is used more than once`);
  }

  // Checked before compiling, so an unbounded string or a backtracking pattern is named as such.
  // A policy stored before these rules existed is read without them (see storedPolicyProblems).
  const limits = enforceLimits ? schemaLimitProblems(policy.dataSchema, 'dataSchema') : [];
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
    const validViolations = registrationViolations(validate, policy.examples.valid);
    if (validViolations.length > 0) {
      problems.push(`examples.valid is rejected: ${validViolations.map((v) => v.description).join('; ')}`);
    }
    policy.examples.invalid.forEach((example, i) => {
      const fields = registrationViolations(validate, example.data).map((v) => v.field);
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

/** The names of a folder's policy files (`*.json`), sorted, without reading them. */
export function policyFileNames(dir: URL = POLICY_DIR): string[] {
  const base = dir.href.endsWith('/') ? dir : new URL(`${dir.href}/`);
  return readdirSync(base)
    .filter((n) => n.endsWith('.json'))
    .sort();
}

/**
 * Reads and parses every `*.json` of a folder, sorted by file name. Each file must be named
 * `<REGION>-<TYPE>.json` after its own regionCode and numberType, and attachment ids must be
 * unique across all files (an upload URL names only the attachment id). Throws on the first
 * bad file, naming it.
 */
export function loadPolicyFiles(dir: URL = POLICY_DIR): KycPolicy[] {
  const base = dir.href.endsWith('/') ? dir : new URL(`${dir.href}/`);
  const names = policyFileNames(base);
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
