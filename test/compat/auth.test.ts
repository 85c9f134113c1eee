/**
 * Authentication and project isolation as the official SDK and plain HTTP clients see them:
 * the OAuth2 client-credentials endpoint, Basic auth, expired-token refresh, 401/403 envelopes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  accessToken,
  advanceClock,
  basicAuth,
  createProject,
  type ErrorEnvelope,
  fetchToken,
  type Numbers,
  raw,
  sdkError,
  sdkFor,
} from './client.js';
import { type RecordingProxy, startRecordingProxy } from './proxy.js';
import { CREDENTIALS, type RunningServer, startServer } from './server.js';

let server: RunningServer;
let proxy: RecordingProxy;
let numbers: Numbers;

before(async () => {
  server = await startServer();
  proxy = await startRecordingProxy(server.baseUrl);
  numbers = sdkFor(proxy);
});

after(async () => {
  await proxy?.close();
  await server?.dispose();
});

function decodeJwtPayload(jwt: string): Record<string, unknown> {
  const parts = jwt.split('.');
  assert.equal(parts.length, 3, 'a JWT has three dot-separated parts');
  return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
}

/** Method, path and status of what went through the proxy, e.g. `GET /v1/… 200`. */
function traffic(): string[] {
  return proxy.exchanges.map((e) => `${e.method} ${e.url.split('?')[0]} ${e.status}`);
}

describe('POST /oauth2/token', () => {
  it('issues a bearer JWT for Basic key:secret, with all four OAuth2 fields', async () => {
    const response = await fetchToken(server);
    assert.equal(response.status, 200);
    const body = (await response.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'scope', 'token_type']);
    assert.equal(body.expires_in, 3599);
    assert.equal(body.scope, '');
    assert.equal(body.token_type, 'bearer');
    // The SDK reads `exp` from the JWT to decide when to refresh.
    const claims = decodeJwtPayload(body.access_token as string);
    assert.equal(typeof claims.exp, 'number');
    const lifetime = (claims.exp as number) - Math.floor(Date.now() / 1000);
    assert.ok(lifetime > 3500 && lifetime <= 3600, `token lifetime ${lifetime}s`);
  });

  it('refuses a wrong secret with 401 and an OAuth2 error body', async () => {
    const response = await fetchToken(server, { keyId: CREDENTIALS.keyId, keySecret: 'wrong-secret' });
    assert.equal(response.status, 401);
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(body.error, 'invalid_client');
    assert.equal(typeof body.error_description, 'string');
    assert.ok((body.error_description as string).length > 0);
  });

  it('refuses an unknown key with 401 invalid_client', async () => {
    const response = await fetchToken(server, { keyId: 'no-such-key', keySecret: CREDENTIALS.keySecret });
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as Record<string, unknown>).error, 'invalid_client');
  });

  it('makes the SDK fail with the 401 before it calls the API', async () => {
    const badProxy = await startRecordingProxy(server.baseUrl);
    try {
      const wrong = sdkFor(badProxy, { ...CREDENTIALS, keySecret: 'wrong-secret' });
      const failure = await sdkError(wrong.get({ phoneNumber: '+12025550100' }));
      assert.equal(failure.statusCode, 401);
      assert.equal((failure.body as unknown as Record<string, unknown>).error, 'invalid_client');
      assert.deepEqual(
        badProxy.exchanges.map((e) => `${e.method} ${e.url} ${e.status}`),
        ['POST /oauth2/token 401'],
      );
    } finally {
      await badProxy.close();
    }
  });
});

describe('API authentication', () => {
  it('the SDK fetches one token from our /oauth2/token and reuses it for later calls', async () => {
    proxy.clear();
    const fresh = sdkFor(proxy);
    await fresh.availableRegions.list({ types: ['TOLL_FREE'] });
    await fresh.list({});
    await fresh.searchForAvailableNumbers({ regionCode: 'US', type: 'LOCAL', size: 1 });
    const prefix = `/v1/projects/${CREDENTIALS.projectId}`;
    assert.deepEqual(traffic(), [
      'POST /oauth2/token 200',
      `GET ${prefix}/availableRegions 200`,
      `GET ${prefix}/activeNumbers 200`,
      `GET ${prefix}/availableNumbers 200`,
    ]);
    const token = proxy.exchanges[0].requestHeaders.authorization;
    assert.equal(token, basicAuth(CREDENTIALS.keyId, CREDENTIALS.keySecret));
    assert.equal(proxy.exchanges[0].requestBody, 'grant_type=client_credentials');
    const bearer = proxy.exchanges.slice(1).map((e) => e.requestHeaders.authorization);
    assert.ok(bearer.every((h) => h === bearer[0] && h?.startsWith('Bearer ')));
  });

  it('accepts Basic key:secret on API routes', async () => {
    const response = await raw(server, 'GET', '/activeNumbers', {
      authorization: basicAuth(CREDENTIALS.keyId, CREDENTIALS.keySecret),
    });
    assert.equal(response.status, 200);
    assert.ok(Array.isArray((response.body as { activeNumbers: unknown[] }).activeNumbers));
  });

  it('accepts a Bearer token from /oauth2/token on API routes', async () => {
    const token = await accessToken(server);
    const response = await raw(server, 'GET', '/availableRegions', { authorization: `Bearer ${token}` });
    assert.equal(response.status, 200);
  });

  it('answers 401 UNAUTHENTICATED without credentials, and WWW-Authenticate does not say "expired"', async () => {
    const response = await raw<ErrorEnvelope>(server, 'GET', '/activeNumbers', { authorization: '' });
    assert.equal(response.status, 401);
    assert.equal(response.body.error.code, 401);
    assert.equal(response.body.error.status, 'UNAUTHENTICATED');
    assert.ok(response.headers.get('www-authenticate'));
    assert.ok(!response.headers.get('www-authenticate')!.includes('expired'));
  });

  it('answers 401 for a wrong Basic secret', async () => {
    const response = await raw<ErrorEnvelope>(server, 'GET', '/activeNumbers', {
      authorization: basicAuth(CREDENTIALS.keyId, 'wrong-secret'),
    });
    assert.equal(response.status, 401);
    assert.equal(response.body.error.status, 'UNAUTHENTICATED');
  });

  it('answers 401 for a forged bearer token without "expired", so SDKs do not retry', async () => {
    const response = await raw<ErrorEnvelope>(server, 'GET', '/activeNumbers', {
      authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjk5OTk5OTk5OTl9.c2lnbmF0dXJl',
    });
    assert.equal(response.status, 401);
    assert.equal(response.body.error.status, 'UNAUTHENTICATED');
    assert.ok(!response.headers.get('www-authenticate')?.includes('expired'));
  });
});

describe('project isolation', () => {
  it("answers 403 PERMISSION_DENIED when a key is used on another project's path", async () => {
    for (const authorization of [
      basicAuth(CREDENTIALS.keyId, CREDENTIALS.keySecret),
      `Bearer ${await accessToken(server)}`,
    ]) {
      const response = await raw<ErrorEnvelope>(server, 'GET', '/activeNumbers', {
        projectId: 'someone-elses-project',
        authorization,
      });
      assert.equal(response.status, 403);
      assert.equal(response.body.error.code, 403);
      assert.equal(response.body.error.status, 'PERMISSION_DENIED');
      assert.equal(typeof response.body.error.message, 'string');
      assert.ok(Array.isArray(response.body.error.details));
    }
  });

  it('the SDK configured with a projectId its key does not belong to gets 403, once', async () => {
    const otherProxy = await startRecordingProxy(server.baseUrl);
    try {
      const misconfigured = sdkFor(otherProxy, { ...CREDENTIALS, projectId: 'someone-elses-project' });
      const failure = await sdkError(misconfigured.list({}));
      assert.equal(failure.statusCode, 403);
      assert.equal(failure.body.error.status, 'PERMISSION_DENIED');
      assert.deepEqual(
        otherProxy.exchanges.map((e) => `${e.method} ${e.url} ${e.status}`),
        ['POST /oauth2/token 200', 'GET /v1/projects/someone-elses-project/activeNumbers 403'],
      );
    } finally {
      await otherProxy.close();
    }
  });

  it("another project cannot see, change or release this project's numbers", async () => {
    const { availableNumbers } = await numbers.searchForAvailableNumbers({
      regionCode: 'US',
      type: 'LOCAL',
      size: 1,
    });
    const phoneNumber = availableNumbers![0].phoneNumber!;
    await numbers.rent({ phoneNumber, rentNumberRequestBody: {} });

    const other = sdkFor(server, await createProject(server, 'compat-other-project'));
    // One call at a time: a call started early could reject before anything awaits it.
    for (const call of [
      () => other.get({ phoneNumber }),
      () => other.update({ phoneNumber, updateActiveNumberRequestBody: { displayName: 'mine now' } }),
      () => other.release({ phoneNumber }),
    ]) {
      const failure = await sdkError(call());
      assert.equal(failure.statusCode, 404);
      assert.equal(failure.body.error.details[0].resourceType, 'ActiveNumber');
    }
    const page = await other.list({});
    assert.deepEqual(page.data, []);
    // Nor can they rent it.
    const rentFailure = await sdkError(other.rent({ phoneNumber, rentNumberRequestBody: {} }));
    assert.equal(rentFailure.statusCode, 404);

    const mine = await numbers.get({ phoneNumber });
    assert.equal(mine.displayName, '');
    assert.equal(mine.expireAt, null);
  });
});

describe('expired tokens', () => {
  it('after the sandbox clock moves 2 hours, the SDK is told its token expired and refreshes transparently', async () => {
    const tokenBefore = await accessToken(server);
    await numbers.list({}); // the SDK now holds a token
    proxy.clear();

    await advanceClock(server, 7200);

    const stale = await raw<ErrorEnvelope>(server, 'GET', '/activeNumbers', {
      authorization: `Bearer ${tokenBefore}`,
    });
    assert.equal(stale.status, 401);
    assert.equal(stale.body.error.status, 'UNAUTHENTICATED');
    assert.ok(
      stale.headers.get('www-authenticate')?.includes('expired'),
      'WWW-Authenticate mentions expired',
    );

    const page = await numbers.list({});
    assert.ok(Array.isArray(page.data));
    const path = `/v1/projects/${CREDENTIALS.projectId}/activeNumbers`;
    assert.deepEqual(traffic(), [`GET ${path} 401`, 'POST /oauth2/token 200', `GET ${path} 200`]);
    assert.match(String(proxy.exchanges[0].responseHeaders['www-authenticate']), /expired/);
    assert.notEqual(
      proxy.exchanges[0].requestHeaders.authorization,
      proxy.exchanges[2].requestHeaders.authorization,
    );

    // The new token is reused: no further token requests.
    await numbers.availableRegions.list();
    assert.equal(traffic().filter((line) => line.startsWith('POST /oauth2/token')).length, 1);
  });
});
