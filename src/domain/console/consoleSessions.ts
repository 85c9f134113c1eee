import { randomBytes, timingSafeEqual } from 'node:crypto';
import { errors } from '../../errors.js';
import type { ConsoleSession, Store } from '../../store/types.js';
import { createFailureThrottle } from '../auth/failureThrottle.js';
import { sha256 } from '../auth/secrets.js';
import { REVIEWER_MAX_LENGTH } from '../qualified/qualifiedNumber.js';
import { isStorableText } from '../text.js';

/** A console session lasts this long from sign-in, in real time (the sandbox clock does not count). */
export const SESSION_TTL_MS = 12 * 3600 * 1000;
/** The name a reviewer signs in with is kept with their decisions (qualified numbers keep 128 characters). */
export const ACTOR_MAX_LENGTH = REVIEWER_MAX_LENGTH;
/**
 * Failed sign-ins one client address may make at once, then one every 3 seconds: the admin token
 * is the key to everything, and a person mistyping it needs only a few tries.
 */
const FAILURE_BURST = 10;
const FAILURE_REFILL_MS = 3000;
/** 32 random bytes, base64url: what a session id and a CSRF token look like. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const newToken = () => randomBytes(32).toString('base64url');

export interface SignIn {
  /** The admin token the person typed. */
  token: string;
  /** "Your name": the actor of their decisions. */
  actor: string;
  /** The client address, for the failed-attempt limit. */
  client: string;
}

/**
 * Web console sessions: the admin token exchanged for a random session id (its SHA-256 stored,
 * the id only in the browser's cookie) and a CSRF synchronizer token kept with the session.
 * Times are wall-clock (`now`), not the sandbox clock, which a reviewer may move by days.
 */
export function createConsoleSessions({
  store,
  adminToken,
  now = Date.now,
}: {
  store: Pick<Store, 'consoleSessions'>;
  adminToken: { verify(token: string): boolean };
  now?: () => number;
}) {
  const failures = createFailureThrottle({ burst: FAILURE_BURST, refillMs: FAILURE_REFILL_MS });

  return {
    /** A new session for the admin token and a name; 401 for a wrong token, 429 when throttled. */
    async signIn({ token, actor, client }: SignIn): Promise<{ sessionId: string; session: ConsoleSession }> {
      const wait = failures.retryAfterMs(client, now());
      if (wait > 0) throw errors.resourceExhausted('Too many failed sign-ins; wait and try again', wait);
      const name = actor.trim();
      if (!name) throw errors.fieldViolation('actor', 'Type your name: your decisions are recorded with it');
      // As the audit log takes actors: printable text (no control characters) the stores can keep.
      if (name.length > ACTOR_MAX_LENGTH || !isStorableText(name) || /\p{Cc}/u.test(name)) {
        throw errors.fieldViolation('actor', `Your name is at most ${ACTOR_MAX_LENGTH} printable characters`);
      }
      if (!token || !adminToken.verify(token)) {
        failures.recordFailure(client, now());
        throw errors.unauthenticated('That is not the admin token of this server');
      }
      const at = now();
      // Sign-ins are rare: a good moment to forget the sessions that ran out.
      await store.consoleSessions.deleteExpired(at);
      const sessionId = newToken();
      const session: ConsoleSession = {
        sessionHash: sha256(sessionId),
        actor: name,
        csrfToken: newToken(),
        createdAt: at,
        expiresAt: at + SESSION_TTL_MS,
      };
      await store.consoleSessions.create(session);
      return { sessionId, session };
    },

    /** The live session of a cookie's id, or undefined (unknown, expired, signed out, malformed). */
    async session(sessionId: string | undefined): Promise<ConsoleSession | undefined> {
      if (!sessionId || !TOKEN_PATTERN.test(sessionId)) return undefined;
      return store.consoleSessions.get(sha256(sessionId), now());
    },

    async signOut(session: ConsoleSession): Promise<void> {
      await store.consoleSessions.delete(session.sessionHash);
    },

    /** Whether a form's CSRF token is the session's, compared in constant time. */
    csrfMatches(session: ConsoleSession, token: unknown): boolean {
      if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return false;
      return timingSafeEqual(Buffer.from(token), Buffer.from(session.csrfToken));
    },
  };
}

export type ConsoleSessions = ReturnType<typeof createConsoleSessions>;
