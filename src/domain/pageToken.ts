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
