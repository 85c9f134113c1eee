import { type TArray, type TSchema, Type } from '@sinclair/typebox';
import { CAPABILITIES, LIMITS, NUMBER_TYPE_VALUES, StringEnum, Text } from './schemas.js';

/**
 * Typed query values: Ajv validates them and the document lists them, from one declaration.
 * Before validation, the query plugin drops empty values and splits comma-joined lists
 * (plugins/queryValues.ts), so `capability=SMS,VOICE` and `capability=SMS&capability=VOICE` agree.
 */

export { CAPABILITIES, NUMBER_TYPE_VALUES };

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

/** `pageSize` and `pageToken` of a keyset-paged list. */
export const PageQuery = {
  pageSize: Type.Optional(Count('Items per page (default 100, at most 1000)')),
  pageToken: Type.Optional(Text(LIMITS.pageToken, 'The nextPageToken of the previous page')),
};

/** A page of a list answer: its items under `key`, the next token ("" on the last page), the total. */
export const PageOf = <K extends string, T extends TSchema>(key: K, item: T) =>
  Type.Object({
    ...({ [key]: Type.Array(item) } as { [P in K]: TArray<T> }),
    nextPageToken: Type.String({ description: '"" on the last page' }),
    totalSize: Type.Integer({ description: 'How many items match the filters, on all pages' }),
  });
