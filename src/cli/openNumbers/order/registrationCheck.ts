import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Json } from '../client.js';
import { formatPath, type Schema, type Segment } from './fieldPath.js';

/**
 * Local checks of registration data against the requirements' JSON Schema, before anything is
 * sent: the same field names (`data[1].postalCode`) as the server's `fieldViolations`, so the
 * wizard re-asks a field the same way whichever side found the problem.
 */

export interface Violation {
  /** `data[1].postalCode`, as the API names fields. */
  field: string;
  /** The whole message, naming the field. */
  description: string;
  /** The message without the field's name, for a prompt that already shows it. */
  problem: string;
}

/** Tolerant of what a schema may carry: unknown keywords and formats are ignored, not errors. */
function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, logger: false });
  ajv.addFormat('date', (value: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!m) return false;
    const day = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(value);
  });
  ajv.addFormat('email', /^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$/);
  return ajv;
}

/** A checker for data of `schema`: an empty list when the data is fine. */
export function registrationChecker(schema: Schema): (data: unknown) => Violation[] {
  let validate: ValidateFunction;
  try {
    validate = newAjv().compile(schema);
  } catch {
    // A schema we cannot compile is the server's to check.
    return () => [];
  }
  return (data) => (validate(data) ? [] : violationsOf(validate.errors ?? [], data));
}

/** The problems of one value against its own schema (a single prompt's answer). */
export function checkValue(schema: Schema, value: unknown, at: readonly Segment[]): Violation[] {
  const violations = registrationChecker(schema)(value);
  const prefix = formatPath(at);
  return violations.map((v) => ({
    ...v,
    field: prefix + v.field.slice('data'.length),
    description: `${prefix}${v.field.slice('data'.length)} ${v.problem}`,
  }));
}

function segmentsOf(instancePath: string, data: unknown): Segment[] {
  const out: Segment[] = [];
  let current: unknown = data;
  for (const raw of instancePath.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment: Segment = Array.isArray(current) && /^\d+$/.test(key) ? Number(key) : key;
    out.push(segment);
    current = current !== null && typeof current === 'object' ? (current as Json)[segment] : undefined;
  }
  return out;
}

function hintOf(error: ErrorObject): string | undefined {
  const description = (error.parentSchema as { description?: unknown } | undefined)?.description;
  return typeof description === 'string' ? description.replace(/\.$/, '') : undefined;
}

/** One problem in words a person can act on; the child segment when the problem is a child's. */
function explain(error: ErrorObject): { child?: Segment; problem: string } | undefined {
  const p = error.params as Record<string, Json>;
  const hint = hintOf(error);
  switch (error.keyword) {
    case 'required':
      return { child: p.missingProperty, problem: 'is required' };
    case 'additionalProperties':
      return { child: p.additionalProperty, problem: 'is not an allowed field' };
    case 'additionalItems':
      return { child: Number(p.limit), problem: `is one item too many (at most ${p.limit})` };
    case 'const':
      return {
        problem: p.allowedValue === true ? 'must be true' : `must be ${JSON.stringify(p.allowedValue)}`,
      };
    case 'enum':
      return { problem: `must be one of ${(p.allowedValues as Json[]).join(', ')}` };
    case 'pattern':
      return { problem: `has an invalid format (${hint ? `expected: ${hint}` : `must match ${p.pattern}`})` };
    case 'minLength':
      return { problem: p.limit === 1 ? 'must not be empty' : `must be at least ${p.limit} characters long` };
    case 'maxLength':
      return { problem: `must be at most ${p.limit} characters long` };
    case 'minItems':
      return { problem: `needs at least ${p.limit} item(s)` };
    case 'maxItems':
      return { problem: `takes at most ${p.limit} item(s)` };
    case 'format':
      return { problem: `must be a valid ${p.format}${hint ? ` (${hint})` : ''}` };
    case 'type':
      return { problem: `must be ${[p.type].flat().join(' or ')}` };
    case 'not':
      return { problem: `is not accepted${hint ? `: ${hint}` : ''}` };
    case 'if':
    case 'anyOf':
    case 'oneOf':
    case 'allOf':
      // Their branches report the actual problems.
      return undefined;
    default:
      return { problem: error.message ?? 'is not valid' };
  }
}

function violationsOf(errors: readonly ErrorObject[], data: unknown): Violation[] {
  const seen = new Map<string, Violation>();
  for (const error of errors) {
    const explained = explain(error);
    if (!explained) continue;
    const segments = segmentsOf(error.instancePath, data);
    if (explained.child !== undefined) segments.push(explained.child);
    const field = formatPath(segments);
    // One message per field: the first is the most direct.
    if (!seen.has(field))
      seen.set(field, { field, problem: explained.problem, description: `${field} ${explained.problem}` });
  }
  return [...seen.values()];
}
