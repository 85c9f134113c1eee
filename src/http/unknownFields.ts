import type { FieldViolation } from '../errors.js';

/**
 * Body fields the operation's schema does not declare. They are ignored when the request is
 * otherwise valid (upstream ignores them, and newer SDKs may send fields we do not know yet), but
 * when it is refused, a misspelt field (`quantity` for `requestedQuantity`) is usually the reason:
 * the error then names it first as unknown, with the declared field it most likely meant.
 */

interface JsonSchema {
  type?: unknown;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: unknown;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

export interface UnknownField {
  /** Its path, as field violations name fields: `quantityOrderOption.quantity`. */
  field: string;
  /** The declared field of the same object it most likely meant, if any. */
  suggestion?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The schema that describes `value` among a union's branches (`Nullable(Object)` and friends). */
function branchFor(schema: JsonSchema, value: unknown): JsonSchema {
  const branches = schema.anyOf ?? schema.oneOf;
  if (!branches) return schema;
  const match = branches.find((branch) =>
    Array.isArray(value) ? branch.items !== undefined : isObject(value) && branch.properties !== undefined,
  );
  return match ? branchFor(match, value) : schema;
}

const MAX_NAME_LENGTH = 64;

/** Edit distance, small strings only (field names). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The declared, unsent field closest to `name`: one containing the other, or a few edits away. */
export function closestField(name: string, declared: string[]): string | undefined {
  // Field names are short; a long one is no typo of ours (and the edit distance would cost).
  if (name.length > MAX_NAME_LENGTH) return undefined;
  const lower = name.toLowerCase();
  let best: { field: string; score: number } | undefined;
  for (const field of declared) {
    const candidate = field.toLowerCase();
    const contains = candidate.includes(lower) || lower.includes(candidate);
    const score = contains ? 0 : distance(lower, candidate);
    if (score <= Math.max(2, Math.floor(candidate.length / 4)) && (!best || score < best.score)) {
      best = { field, score };
    }
  }
  return best?.field;
}

/**
 * The undeclared fields of `value` under `schema`, depth first, in the order they were sent; at
 * most `limit` (a refused body may hold many thousands: they are not all looked at).
 */
export function unknownFields(
  value: unknown,
  schema: JsonSchema | undefined,
  limit = Number.POSITIVE_INFINITY,
): UnknownField[] {
  const found: UnknownField[] = [];
  collect(value, schema, '', found, limit);
  return found;
}

function collect(
  value: unknown,
  schema: JsonSchema | undefined,
  path: string,
  found: UnknownField[],
  limit: number,
) {
  if (!schema || found.length >= limit) return;
  const own = branchFor(schema, value);
  if (Array.isArray(value) && own.items) {
    for (let i = 0; i < value.length && found.length < limit; i++) {
      collect(value[i], own.items, `${path}${path ? '.' : ''}${i}`, found, limit);
    }
    return;
  }
  if (!isObject(value) || !own.properties || own.additionalProperties === true) return;
  const properties = own.properties;
  const unsent = Object.keys(properties).filter((field) => !Object.hasOwn(value, field));
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (found.length >= limit) return;
    const field = path ? `${path}.${key}` : key;
    if (!Object.hasOwn(properties, key)) {
      const suggestion = closestField(key, unsent);
      found.push(suggestion ? { field, suggestion } : { field });
    } else {
      collect(value[key], properties[key], field, found, limit);
    }
  }
}

/** The violation that names an unknown field. */
export function unknownFieldViolation({ field, suggestion }: UnknownField): FieldViolation {
  const parent = field.includes('.') ? field.slice(0, field.lastIndexOf('.') + 1) : '';
  return {
    field,
    description: suggestion
      ? `Unknown field "${field}"; did you mean "${parent}${suggestion}"?`
      : `Unknown field "${field}": this operation does not take it`,
  };
}
