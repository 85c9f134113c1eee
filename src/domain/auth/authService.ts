import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../../config.js';
import { errors } from '../../errors.js';
import { newSecret, newUuid } from '../../ids.js';
import type { Store } from '../../store/types.js';
import { type AuditEntry, auditEntry, DEFAULT_ACTOR } from '../admin/audit.js';
import { isStorableText } from '../text.js';
import { createFailureThrottle } from './failureThrottle.js';
import { createFairQueue, QueueFullError } from './fairQueue.js';
import { hashSecret, sha256, verifySecret } from './secrets.js';
import { createTokenService, type TokenClaims } from './tokens.js';

const SIGNING_KEY_SETTING = 'auth.jwtSigningKey';
const ADMIN_TOKEN_SETTING = 'auth.adminTokenSha256';
const DEFAULT_PROJECT_SETTING = 'auth.defaultProjectId';
/** Verified Basic credentials are remembered this long, so scrypt runs once per key, not per call. */
const BASIC_CACHE_MS = 5 * 60 * 1000;
const BASIC_CACHE_MAX = 10_000;
const REJECTED_CACHE_MS = 60 * 1000;
/** Half of libuv's default pool, so failing credentials cannot starve DNS and file I/O. */
const SCRYPT_CONCURRENCY = 2;
/** Verifications one key id may have waiting; a flood beyond this is refused, not queued. */
const MAX_WAITING_PER_KEY = 4;
/**
 * Failed checks one client address may make against one key id at once, then one per second.
 * Keyed by both, so tenants behind one proxy or NAT address do not lock each other out; unknown
 * key ids cost no scrypt run and are not counted.
 */
export const FAILURE_BURST = 20;
const FAILURE_REFILL_MS = 1000;
/**
 * How long a process trusts that a key it saw working is still not revoked. A revocation is
 * seen at once by the process that made it and by the other processes of the same server
 * (OPEN_NUMBERS_PROCESSES: they are told before the revocation is answered); other servers
 * sharing the store see it within this time. Measured cost of checking on every
 * request instead: docs/decisions.md, "Access key revocation".
 */
export const KEY_STATE_TTL_MS = 1000;

export interface Credentials {
  projectId: string;
  keyId: string;
  keySecret: string;
}

/** An Authorization header `authenticate` accepted, and until when it may be taken on trust. */
interface VerifiedHeader {
  claims: TokenClaims;
  /**
   * Bearer: the token's expiry, on the injected clock (sandbox time expires tokens too). Basic:
   * wall time until which the pair is not checked again (BASIC_CACHE_MS).
   */
  untilMs: number;
  onInjectedClock: boolean;
}

export interface AuthServiceOptions {
  /** KEY_STATE_TTL_MS unless a test or a benchmark sets another. */
  keyStateTtlMs?: number;
  /**
   * Runs after a revocation is stored and before it is answered: a server of several processes
   * tells the others there (src/cluster/), which call `keyRevoked`.
   */
  announceRevoked?: (keyId: string) => Promise<void>;
}

export async function createAuthService(
  store: Pick<Store, 'auth' | 'settings'>,
  now: () => number,
  { keyStateTtlMs = KEY_STATE_TTL_MS, announceRevoked = async () => {} }: AuthServiceOptions = {},
) {
  const signingKey = await store.settings.getOrInit(
    SIGNING_KEY_SETTING,
    randomBytes(32).toString('base64url'),
  );
  const tokens = createTokenService(Buffer.from(signingKey, 'base64url'));
  const basicCache = new Map<string, { claims: TokenClaims; until: number }>();
  const rejected = new Map<string, number>();
  const verifications = createFairQueue({
    concurrency: SCRYPT_CONCURRENCY,
    maxQueuedPerKey: MAX_WAITING_PER_KEY,
  });
  const failures = createFailureThrottle({ burst: FAILURE_BURST, refillMs: FAILURE_REFILL_MS });
  /**
   * Per key id: whether it works, trusted until `until` (forever for a revoked key: a revocation
   * is never undone).
   */
  const keyStates = new Map<string, { active: boolean; until: number }>();
  /**
   * Authorization headers that passed `authenticate`, exactly as sent, so that the next request
   * with the same header costs two map lookups and no promise (no base64, SHA-256 or JWT work):
   * a Bearer header until its token expires on the injected clock, a Basic one for
   * BASIC_CACHE_MS of wall time. Keyed by the whole header, never by a shorter digest, so only the
   * same bytes match; the verified-token map in tokens.ts holds bearer tokens the same way.
   */
  const verifiedHeaders = new Map<string, VerifiedHeader>();

  function rememberHeader(authorization: string, entry: VerifiedHeader): void {
    if (verifiedHeaders.size >= BASIC_CACHE_MAX) verifiedHeaders.clear();
    verifiedHeaders.set(authorization, entry);
  }

  /**
   * Whether the key behind verified credentials (a Basic pair or a token's `sub`) still works:
   * a revoked key, or a key that is not there, does not. Read from the store at most once per
   * `keyStateTtlMs` per key.
   */
  async function isKeyActive(keyId: string): Promise<boolean> {
    const known = keyStates.get(keyId);
    if (known && known.until > Date.now()) return known.active;
    const key = await store.auth.getAccessKey(keyId);
    const active = key !== undefined && key.revokedAt === null;
    if (keyStates.size >= BASIC_CACHE_MAX) keyStates.clear();
    keyStates.set(keyId, {
      active,
      until: key?.revokedAt != null ? Number.POSITIVE_INFINITY : Date.now() + keyStateTtlMs,
    });
    return active;
  }

  /**
   * Claims for a Basic key id and secret, `undefined` when they are wrong. Cheap for pairs seen
   * recently (either way); otherwise a scrypt run, fairly scheduled per key id and refused with
   * 429 when the client address keeps failing on this key id or the key id has too many checks
   * waiting.
   */
  async function checkKey(
    keyId: string,
    keySecret: string,
    client: string,
  ): Promise<TokenClaims | undefined> {
    const cacheKey = sha256(`${keyId}:${keySecret}`);
    const cached = basicCache.get(cacheKey);
    if (cached && cached.until > Date.now()) return cached.claims;
    // A pair that just failed fails again without another scrypt run.
    if ((rejected.get(cacheKey) ?? 0) > Date.now()) return undefined;
    const throttleKey = `${client} ${keyId}`;
    const wait = failures.retryAfterMs(throttleKey);
    if (wait > 0)
      throw errors.resourceExhausted('Too many failed authentication attempts; retry later', wait);
    const key = await store.auth.getAccessKey(keyId);
    // A revoked key is refused like a wrong secret, without a scrypt run or a counted failure.
    if (key?.revokedAt != null) return undefined;
    let valid = false;
    if (key) {
      try {
        valid = await verifications.run(keyId, () => verifySecret(keySecret, key.secretHash));
      } catch (error) {
        if (error instanceof QueueFullError)
          throw errors.resourceExhausted(
            'Too many authentication attempts for this access key; retry later',
            1000,
          );
        throw error;
      }
    }
    if (!valid) {
      if (key) failures.recordFailure(throttleKey);
      if (rejected.size >= BASIC_CACHE_MAX) rejected.clear();
      rejected.set(cacheKey, Date.now() + REJECTED_CACHE_MS);
      return undefined;
    }
    const claims = { keyId, projectId: key!.projectId };
    if (basicCache.size >= BASIC_CACHE_MAX) basicCache.clear();
    basicCache.set(cacheKey, { claims, until: Date.now() + BASIC_CACHE_MS });
    return claims;
  }

  function parseBasic(header: string): { keyId: string; keySecret: string } | undefined {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    // Text no store can hold (NUL, a lone surrogate) is no key id of ours: refused before any
    // store is asked.
    if (colon <= 0 || !isStorableText(decoded)) return undefined;
    return { keyId: decoded.slice(0, colon), keySecret: decoded.slice(colon + 1) };
  }

  async function createAccessKey(
    projectId: string,
    keyId = newUuid(),
    keySecret = newSecret(),
    audit: (at: number) => AuditEntry[] = () => [],
  ): Promise<Credentials> {
    const at = now();
    const created = await store.auth.createAccessKey(
      { keyId, projectId, secretHash: await hashSecret(keySecret), createdAt: at },
      audit(at),
    );
    if (!created) throw errors.alreadyExists('AccessKey', keyId);
    return { projectId, keyId, keySecret };
  }

  return {
    /**
     * The claims of an Authorization header `authenticate` accepted before, if it still holds
     * (token not expired, Basic pair not yet due for another check) and its key is known to work
     * within KEY_STATE_TTL_MS; otherwise `undefined`, and the caller asks `authenticate`, which
     * decides. Synchronous: the common request pays no promise for its credentials.
     */
    cachedClaims(authorization: string | undefined): TokenClaims | undefined {
      if (!authorization) return undefined;
      const known = verifiedHeaders.get(authorization);
      if (!known) return undefined;
      if ((known.onInjectedClock ? now() : Date.now()) >= known.untilMs) {
        verifiedHeaders.delete(authorization);
        return undefined;
      }
      const state = keyStates.get(known.claims.keyId);
      return state?.active && state.until > Date.now() ? known.claims : undefined;
    },

    /**
     * Resolves `Authorization: Bearer <jwt>` or `Basic <keyId:keySecret>` to its project.
     * `client` is the caller's address, for the failed-attempt limit.
     */
    async authenticate(authorization: string | undefined, client: string): Promise<TokenClaims> {
      if (!authorization) throw errors.unauthenticated('Missing Authorization header');
      if (/^bearer /i.test(authorization)) {
        const { claims, expMs } = await tokens.verify(authorization.slice(7).trim(), now());
        if (!(await isKeyActive(claims.keyId)))
          throw errors.unauthenticated('The access key this token was issued for is revoked');
        rememberHeader(authorization, { claims, untilMs: expMs, onInjectedClock: true });
        return claims;
      }
      if (/^basic /i.test(authorization)) {
        const pair = parseBasic(authorization);
        const claims = pair && (await checkKey(pair.keyId, pair.keySecret, client));
        if (!claims || !(await isKeyActive(claims.keyId)))
          throw errors.unauthenticated('Invalid access key or secret');
        rememberHeader(authorization, {
          claims,
          untilMs: Date.now() + BASIC_CACHE_MS,
          onInjectedClock: false,
        });
        return claims;
      }
      throw errors.unauthenticated('Unsupported authorization scheme; use Bearer or Basic');
    },

    /** The OAuth2 client-credentials grant; `undefined` for unknown keys or wrong secrets. */
    async issueToken(authorization: string | undefined, client: string) {
      const pair = authorization && /^basic /i.test(authorization) ? parseBasic(authorization) : undefined;
      const claims = pair && (await checkKey(pair.keyId, pair.keySecret, client));
      return claims && (await isKeyActive(claims.keyId)) ? tokens.issue(claims, now()) : undefined;
    },

    /** A new project; `actor` is who created it, for the audit log. */
    async createProject(projectId = newUuid(), actor = DEFAULT_ACTOR) {
      if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(projectId)) {
        throw errors.fieldViolation('projectId', 'projectId is 1-64 letters, digits, "-" or "_"');
      }
      const createdAt = now();
      const audit = auditEntry(createdAt, actor, {
        action: 'CREATE',
        resourceType: 'Project',
        resourceId: projectId,
        projectId,
      });
      if (!(await store.auth.createProject({ projectId, createdAt }, [audit])))
        throw errors.alreadyExists('Project', projectId);
      return { projectId, createdAt };
    },

    /** A new key of the project; its secret is in this answer only. */
    async createAccessKey(projectId: string, actor = DEFAULT_ACTOR) {
      if (!(await store.auth.getProject(projectId))) throw errors.projectNotFound(projectId);
      const keyId = newUuid();
      return createAccessKey(projectId, keyId, newSecret(), (at) => [
        auditEntry(at, actor, { action: 'CREATE', resourceType: 'AccessKey', resourceId: keyId, projectId }),
      ]);
    },

    /** The project's keys, oldest first, without secrets; 404 for an unknown project. */
    async listAccessKeys(projectId: string) {
      if (!(await store.auth.getProject(projectId))) throw errors.projectNotFound(projectId);
      return store.auth.listAccessKeys(projectId);
    },

    /**
     * Revokes a key of the project: from now on its Basic credentials and every token issued
     * from it are refused (at once in this process; see KEY_STATE_TTL_MS for the others).
     * Revoking a revoked key changes nothing and answers it as it is.
     */
    async revokeAccessKey(projectId: string, keyId: string, actor = DEFAULT_ACTOR, reason = '') {
      const at = now();
      const audit = auditEntry(at, actor, {
        action: 'REVOKE',
        resourceType: 'AccessKey',
        resourceId: keyId,
        projectId,
        reason,
      });
      const key = await store.auth.revokeAccessKey(projectId, keyId, at, [audit]);
      if (!key) {
        if (!(await store.auth.getProject(projectId))) throw errors.projectNotFound(projectId);
        throw errors.notFound('AccessKey', keyId, `Project ${projectId} has no access key ${keyId}`);
      }
      keyStates.set(keyId, { active: false, until: Number.POSITIVE_INFINITY });
      await announceRevoked(keyId);
      return key;
    },

    /** Another process of this server revoked the key: refuse it here at once too. */
    keyRevoked(keyId: string): void {
      keyStates.set(keyId, { active: false, until: Number.POSITIVE_INFINITY });
    },

    /**
     * Makes sure the configured project and key exist (for CI and scripts), or on the very first
     * start creates a default project and key. Returns credentials only when it created a secret
     * nobody has seen yet, so the caller prints it exactly once.
     */
    async bootstrap(configured: Credentials | undefined): Promise<Credentials | undefined> {
      if (configured) {
        // Safe when several processes start at once on one new database: each insert that loses
        // the race is fine as long as what won is the configured project, key and secret.
        await store.auth.createProject({ projectId: configured.projectId, createdAt: now() });
        let existing = await store.auth.getAccessKey(configured.keyId);
        if (!existing) {
          const inserted = await store.auth.createAccessKey({
            keyId: configured.keyId,
            projectId: configured.projectId,
            secretHash: await hashSecret(configured.keySecret),
            createdAt: now(),
          });
          if (inserted) return undefined;
          existing = await store.auth.getAccessKey(configured.keyId);
        }
        if (
          !existing ||
          existing.projectId !== configured.projectId ||
          !(await verifySecret(configured.keySecret, existing.secretHash))
        ) {
          throw new ConfigError(
            `OPEN_NUMBERS_KEY_ID ${configured.keyId} exists with another project or secret`,
          );
        }
        return undefined;
      }
      const candidate = newUuid();
      const projectId = await store.settings.getOrInit(DEFAULT_PROJECT_SETTING, candidate);
      if (projectId !== candidate) return undefined;
      await store.auth.createProject({ projectId, createdAt: now() });
      return createAccessKey(projectId);
    },

    /**
     * The admin token: from the environment, or generated on first start and stored only as a
     * digest. Returns the token when it was generated now (to be printed once).
     */
    async ensureAdminToken(
      configured: string | undefined,
    ): Promise<{ verify(token: string): boolean; generated?: string }> {
      let generated: string | undefined;
      let digest: string;
      if (configured) {
        digest = sha256(configured);
      } else {
        const candidate = newSecret();
        digest = await store.settings.getOrInit(ADMIN_TOKEN_SETTING, sha256(candidate));
        if (digest === sha256(candidate)) generated = candidate;
      }
      const expected = Buffer.from(digest);
      return {
        generated,
        verify: (token) => {
          const actual = Buffer.from(sha256(token));
          return actual.length === expected.length && timingSafeEqual(actual, expected);
        },
      };
    },
  };
}

export type AuthService = Awaited<ReturnType<typeof createAuthService>>;
