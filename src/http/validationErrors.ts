import { type ApiError, errors, type FieldViolation } from '../errors.js';

/** What Ajv reports (with `verbose`, so the failing value and its schema are there). */
export interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
  data?: unknown;
  parentSchema?: { type?: unknown };
}

interface Violation extends FieldViolation {
  /** The error message when this violation comes first. */
  message: string;
}

const segments = (error: AjvError) => error.instancePath.split('/').slice(1);

/** `/smsConfiguration/servicePlanId` → `smsConfiguration.servicePlanId`. */
function fieldName(error: AjvError): string {
  const path = segments(error).join('.');
  const missing = error.params.missingProperty as string | undefined;
  if (missing) return path ? `${path}.${missing}` : missing;
  return path;
}

function notAValue(error: AjvError): string {
  const allowed = (error.params.allowedValues as string[]).join(', ');
  return `"${String(error.data)}" is not a valid value; use ${allowed}`;
}

/**
 * A body (or path) violation: the field's full path, Ajv's wording. A missing field's message is
 * `<path> is required`, as the checks in code word it (bodyValues.ts, the domain).
 */
function bodyViolation(error: AjvError): Violation {
  const field = fieldName(error);
  if (error.keyword === 'required') {
    return {
      field,
      description: `${error.params.missingProperty} is required`,
      message: `${field} is required`,
    };
  }
  const description =
    error.keyword === 'enum' ? notAValue(error) : `${field || 'value'} ${error.message ?? 'is invalid'}`;
  return { field, description, message: `parsing field "${field}": ${description}` };
}

/**
 * A query violation, worded as the hand-written checks before the schemas were typed (issue 8),
 * which clients and the compatibility tests know: a query value is named by its parameter (a list
 * item too), a missing or malformed value's message is its description, and a scalar enum keeps
 * the upstream text `parsing field "type": "XXX" is not a valid value`.
 */
function queryViolation(error: AjvError): Violation {
  const [first] = segments(error);
  const field = first ?? (error.params.missingProperty as string | undefined) ?? '';
  const inList = segments(error).length > 1;
  if (error.keyword === 'required') {
    const description = `${field} is required`;
    return { field, description, message: description };
  }
  if (error.keyword === 'enum') {
    const description = notAValue(error);
    const message = inList
      ? description
      : `parsing field "${field}": "${String(error.data)}" is not a valid value`;
    return { field, description, message };
  }
  if (error.parentSchema?.type === 'integer' && (error.keyword === 'type' || error.keyword === 'minimum')) {
    const description = `${field} must be a non-negative integer`;
    return { field, description, message: description };
  }
  const description = `${field} ${error.message ?? 'is invalid'}`;
  return { field, description, message: `parsing field "${field}": ${description}` };
}

/** One 400 for everything Ajv found in one part of the request. */
export function validationError(validation: AjvError[], context: string | undefined): ApiError {
  const isQuery = context === 'querystring';
  const violations: Violation[] = [];
  for (const error of validation) {
    const violation = isQuery ? queryViolation(error) : bodyViolation(error);
    // One violation per query parameter: a list with two bad items is one bad parameter.
    if (isQuery && violations.some((v) => v.field === violation.field)) continue;
    violations.push(violation);
  }
  const [first] = violations;
  return errors.invalidArgument(
    first ? first.message : `Invalid ${context ?? 'request'}`,
    violations.map(({ field, description }) => ({ field, description })),
  );
}
