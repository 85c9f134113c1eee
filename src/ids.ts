import { randomBytes, randomUUID } from 'node:crypto';
import { monotonicFactory } from 'ulid';

const ulid = monotonicFactory();

/** Order and event ids: lowercase 26-character ULIDs, as the upstream service issues them. */
export function newId(nowMs: number = Date.now()): string {
  return ulid(nowMs).toLowerCase();
}

/** Project ids and access-key ids are UUIDs upstream. */
export function newUuid(): string {
  return randomUUID();
}

/** A URL-safe random secret with 192 bits of entropy. */
export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}
