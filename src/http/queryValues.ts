import { splitQueryList } from '../domain/numbers/capabilities.js';
import { errors } from '../errors.js';

/**
 * Reads a repeatable enum query parameter. Values may come repeated (`a=X&a=Y`, Java, .NET,
 * Python) or comma-joined (`a=X,Y`, the Node SDK for arrays).
 */
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

export function nonNegativeInteger(field: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw errors.fieldViolation(field, `${field} must be a non-negative integer`);
  return value;
}

export const CAPABILITIES = ['SMS', 'VOICE'] as const;
export const NUMBER_TYPE_VALUES = ['MOBILE', 'LOCAL', 'TOLL_FREE'] as const;
