import type { ErrorObject, ValidateFunction } from 'ajv';

/**
 * Ajv errors of a registration turned into field violations as the API reports them: one per
 * field, named from the registration's root (`data[1].postalCode`), in words a user can act on.
 */

export interface RegistrationViolation {
  field: string;
  description: string;
}

/** At most this many fields are reported for one registration, so a huge payload stays a short answer. */
export const MAX_VIOLATIONS = 100;

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
 * The violations of `data` against a compiled data schema: [] when valid, otherwise one per
 * offending field (several problems of one field are joined), at most MAX_VIOLATIONS fields.
 */
export function registrationViolations(validate: ValidateFunction, data: unknown): RegistrationViolation[] {
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
