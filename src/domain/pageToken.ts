import { errors } from '../errors.js';

/**
 * Page tokens: the sort key of a page's last row, as base64url JSON. URL-safe characters only,
 * since the Node SDK sends tokens back without encoding them.
 */
export function encodePageToken(cursor: object): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** The cursor of a token `isValid` accepts; a 400 on `pageToken` otherwise. */
export function decodePageToken<T>(token: string, isValid: (cursor: Partial<T>) => boolean): T {
  try {
    const cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
    if (cursor && typeof cursor === 'object' && isValid(cursor)) return cursor;
  } catch {
    // fall through to the error below
  }
  throw errors.fieldViolation(
    'pageToken',
    'Invalid pageToken; pass nextPageToken from the previous page with the same orderBy',
  );
}

/** How lists of numbers are ordered: by phone number, or the document's `createdTime` / `updatedTime`, then phone number. */
export type NumberListOrder = 'phoneNumber' | 'createdTime' | 'updatedTime';

/** The sort key of the last number of a page (`at` unused when ordered by phone number). */
export interface NumberCursor {
  at: number;
  phoneNumber: string;
}

/** A number list's token as written: the order it was made for, the time key, the number. */
interface NumberToken {
  o: NumberListOrder;
  t: number;
  p: string;
}

/**
 * The cursor of a number list's `pageToken` (undefined without one). A time in milliseconds: a
 * fraction or an exponent is no token of ours (and PostgreSQL's bigint would refuse it with a 500).
 */
export function numberCursor(token: string | undefined, orderBy: NumberListOrder): NumberCursor | undefined {
  if (!token) return undefined;
  const cursor = decodePageToken<NumberToken>(
    token,
    (c) => Number.isSafeInteger(c.t) && (c.t as number) >= 0 && typeof c.p === 'string' && c.o === orderBy,
  );
  return { at: cursor.t, phoneNumber: cursor.p };
}

/**
 * One page of a number list from the `limit + 1` rows a store returned (the extra row tells
 * whether another page exists), and the token of the next page ("" on the last).
 */
export function numberPage<R extends { phoneNumber: string; createdAt: number; updatedAt: number }>(
  rows: R[],
  limit: number,
  orderBy: NumberListOrder,
): { records: R[]; nextPageToken: string } {
  const records = rows.slice(0, limit);
  const last = records[records.length - 1];
  if (rows.length <= limit || !last) return { records, nextPageToken: '' };
  const t = orderBy === 'createdTime' ? last.createdAt : orderBy === 'updatedTime' ? last.updatedAt : 0;
  return {
    records,
    nextPageToken: encodePageToken({ o: orderBy, t, p: last.phoneNumber } satisfies NumberToken),
  };
}
