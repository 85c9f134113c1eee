import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { ACTOR_MAX_LENGTH, actorName } from '../domain/admin/audit.js';
import { Text } from './schemas.js';

/** The header naming the person an admin call acts for; the audit log records it as the actor. */
export const ACTOR_HEADER = 'x-open-numbers-actor';

/** The `headers` schema of an admin operation that records its actor (documented, bounded). */
export const ActorHeaders = Type.Object({
  [ACTOR_HEADER]: Type.Optional(
    Text(
      ACTOR_MAX_LENGTH,
      'Who makes this call, for the audit log (e.g. the reviewer\'s name; UTF-8 allowed); "admin-token" when absent',
    ),
  ),
});

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The actor of an admin request: the body's `reviewer` where an operation takes one and it is
 * given, else `X-Open-Numbers-Actor`, else "admin-token". Node reads header bytes as Latin-1, so
 * a name sent as UTF-8 ("Zoë") is decoded back when its bytes are valid UTF-8.
 */
export function actorOf(request: FastifyRequest, reviewer?: string): string {
  if (reviewer?.trim()) return actorName(reviewer, 'reviewer');
  const header = request.headers[ACTOR_HEADER];
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw?.trim()) {
    let name = raw;
    try {
      name = utf8.decode(Buffer.from(raw, 'latin1'));
    } catch {
      // Not UTF-8: Latin-1 it is.
    }
    return actorName(name, ACTOR_HEADER);
  }
  return actorName(undefined);
}
