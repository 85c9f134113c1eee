import { Type } from '@sinclair/typebox';
import type { Capability, NumberType } from '../domain/inventory/products.js';
import { LIMITS, StringEnum, Text } from './schemas.js';

/**
 * Typed query values: Ajv validates them and the document lists them, from one declaration.
 * Before validation, the query plugin drops empty values and splits comma-joined lists
 * (plugins/queryValues.ts), so `capability=SMS,VOICE` and `capability=SMS&capability=VOICE` agree.
 */

export const CAPABILITIES: readonly Capability[] = ['SMS', 'VOICE'];
export const NUMBER_TYPE_VALUES: readonly NumberType[] = ['MOBILE', 'LOCAL', 'TOLL_FREE'];

/** A repeatable (or comma-joined) enum parameter. */
export const EnumList = <T extends string>(values: readonly T[], description: string) =>
  Type.Array(StringEnum(values), { maxItems: LIMITS.codeList, description });

export const NumberTypeQuery = StringEnum(NUMBER_TYPE_VALUES, { description: 'The number type' });
export const CapabilityList = (description: string) => EnumList(CAPABILITIES, description);

/** A count such as `size` or `pageSize`. */
export const Count = (description: string) => Type.Integer({ minimum: 0, description });

export const RegionCodeQuery = Text(LIMITS.code, 'ISO 3166-1 alpha-2 region code (any case)');

/** `numberPattern.*` in a query; checked by parseNumberPattern, which has the upstream texts. */
export const NumberPatternQuery = {
  'numberPattern.pattern': Type.Optional(
    Text(LIMITS.numberPattern, 'Digits to look for, optionally led by + (a + sent raw reads as a space)'),
  ),
  'numberPattern.searchPattern': Type.Optional(
    Text(LIMITS.code, 'Where the pattern must match: START (default), CONTAINS or END, in any case'),
  ),
};
