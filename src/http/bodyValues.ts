import { splitQueryList } from '../domain/numbers/capabilities.js';
import { errors } from '../errors.js';

/**
 * Checks of body fields that stay in code (rentAny, createNumberOrder): an empty string counts as
 * absent there (`type is required`, as the schema words a missing field) and a bad enum value
 * keeps the upstream message. Query values are typed in their schemas instead.
 */

/** An enum list: values may come as an array or comma-joined, as the SDKs send them. */
export function enumList<T extends string>(
  field: string,
  raw: string | string[] | undefined,
  allowed: readonly T[],
): T[] | undefined {
  const values = splitQueryList(raw);
  if (!values) return undefined;
  for (const value of values) {
    if (!allowed.includes(value as T)) {
      throw errors.fieldViolation(field, `"${value}" is not a valid value; use ${allowed.join(', ')}`);
    }
  }
  return values as T[];
}

export function enumValue<T extends string>(
  field: string,
  raw: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!allowed.includes(raw as T)) {
    throw errors.invalidArgument(`parsing field "${field}": "${raw}" is not a valid value`, [
      { field, description: `"${raw}" is not a valid value; use ${allowed.join(', ')}` },
    ]);
  }
  return raw as T;
}

export function requiredValue(field: string, raw: string | undefined): string {
  if (raw === undefined || raw === '') throw errors.fieldViolation(field, `${field} is required`);
  return raw;
}
