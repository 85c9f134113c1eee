import { randomBytes, timingSafeEqual } from 'node:crypto';
import { errors } from '../../errors.js';
import { newSecret, newUuid } from '../../ids.js';
import type { Store } from '../../store/types.js';
import { createLimiter } from './limiter.js';
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

export interface Credentials {
  projectId: string;
  keyId: string;
  keySecret: string;
}

export async function createAuthService(store: Store, now: () => number) {
  const signingKey = await store.settings.getOrInit(
    SIGNING_KEY_SETTING,
    randomBytes(32).toString('base64url'),
  );
  const tokens = createTokenService(Buffer.from(signingKey, 'base64url'));
  const basicCache = new Map<string, { claims: TokenClaims; until: number }>();
  const rejected = new Map<string, number>();
  const verifyLimited = createLimiter(SCRYPT_CONCURRENCY);

  async function checkKey(keyId: string, keySecret: string): Promise<TokenClaims | undefined> {
    const cacheKey = sha256(`${keyId}:${keySecret}`);
    const cached = basicCache.get(cacheKey);
    if (cached && cached.until > Date.now()) return cached.claims;
    // A pair that just failed fails again without another scrypt run.
    if ((rejected.get(cacheKey) ?? 0) > Date.now()) return undefined;
    const key = await store.auth.getAccessKey(keyId);
    if (!key || !(await verifyLimited(() => verifySecret(keySecret, key.secretHash)))) {
      if (rejected.size >= BASIC_CACHE_MAX) rejected.clear();
      rejected.set(cacheKey, Date.now() + REJECTED_CACHE_MS);
      return undefined;
    }
    const claims = { keyId, projectId: key.projectId };
    if (basicCache.size >= BASIC_CACHE_MAX) basicCache.clear();
    basicCache.set(cacheKey, { claims, until: Date.now() + BASIC_CACHE_MS });
    return claims;
  }

  function parseBasic(header: string): { keyId: string; keySecret: string } | undefined {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) return undefined;
    return { keyId: decoded.slice(0, colon), keySecret: decoded.slice(colon + 1) };
  }

  async function createAccessKey(
    projectId: string,
    keyId = newUuid(),
    keySecret = newSecret(),
  ): Promise<Credentials> {
    const created = await store.auth.createAccessKey({
      keyId,
      projectId,
      secretHash: await hashSecret(keySecret),
      createdAt: now(),
    });
    if (!created) throw errors.alreadyExists('AccessKey', keyId);
    return { projectId, keyId, keySecret };
  }

  return {
    /** Resolves `Authorization: Bearer <jwt>` or `Basic <keyId:keySecret>` to its project. */
    async authenticate(authorization: string | undefined): Promise<TokenClaims> {
      if (!authorization) throw errors.unauthenticated('Missing Authorization header');
      if (/^bearer /i.test(authorization)) return tokens.verify(authorization.slice(7).trim(), now());
      if (/^basic /i.test(authorization)) {
        const pair = parseBasic(authorization);
        const claims = pair && (await checkKey(pair.keyId, pair.keySecret));
        if (!claims) throw errors.unauthenticated('Invalid access key or secret');
        return claims;
      }
      throw errors.unauthenticated('Unsupported authorization scheme; use Bearer or Basic');
    },

    /** The OAuth2 client-credentials grant; `undefined` for unknown keys or wrong secrets. */
    async issueToken(authorization: string | undefined) {
      const pair = authorization && /^basic /i.test(authorization) ? parseBasic(authorization) : undefined;
      const claims = pair && (await checkKey(pair.keyId, pair.keySecret));
      return claims ? tokens.issue(claims, now()) : undefined;
    },

    async createProject(projectId = newUuid()) {
      if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(projectId)) {
        throw errors.fieldViolation('projectId', 'projectId is 1-64 letters, digits, "-" or "_"');
      }
      const createdAt = now();
      if (!(await store.auth.createProject({ projectId, createdAt })))
        throw errors.alreadyExists('Project', projectId);
      return { projectId, createdAt };
    },

    async createAccessKey(projectId: string) {
      if (!(await store.auth.getProject(projectId))) throw errors.projectNotFound(projectId);
      return createAccessKey(projectId);
    },

    /**
     * Makes sure the configured project and key exist (for CI and scripts), or on the very first
     * start creates a default project and key. Returns credentials only when it created a secret
     * nobody has seen yet, so the caller prints it exactly once.
     */
    async bootstrap(configured: Credentials | undefined): Promise<Credentials | undefined> {
      if (configured) {
        await store.auth.createProject({ projectId: configured.projectId, createdAt: now() });
        const existing = await store.auth.getAccessKey(configured.keyId);
        if (!existing) {
          await createAccessKey(configured.projectId, configured.keyId, configured.keySecret);
        } else if (
          existing.projectId !== configured.projectId ||
          !(await verifySecret(configured.keySecret, existing.secretHash))
        ) {
          throw new Error(`OPEN_NUMBERS_KEY_ID ${configured.keyId} exists with another project or secret`);
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
