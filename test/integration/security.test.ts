import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, assertErrorAt, BASE, type Call, call, rent, someAvailable } from '../helpers/api.js';
import { basic, PROJECT, startTestApp, type TestApp } from '../helpers/testApp.js';

/** The project-scoped surfaces: the Numbers API and the Imported Numbers API (under /imported). */
const PROJECT_PREFIXES = ['/v1/projects/{projectId}', '/imported/v1/projects/{projectId}'];

/**
 * Every project-scoped operation (Numbers v1, Imported Numbers) answers 401 without valid credentials, 401 with `expired` in
 * WWW-Authenticate for an expired token (the SDKs refresh only then), and 403 for a key of
 * another project. The operations come from the app's own route list (its OpenAPI document,
 * which test/integration/openapi.test.ts checks has every registered route), so a new operation
 * is covered here without being listed. Each answers in its own API's envelope.
 */
describe('authentication and project isolation, for every operation', () => {
  let t: TestApp;
  let operations: Call[];

  before(async () => {
    t = await startTestApp();
    const ids: Record<string, string> = {
      projectId: PROJECT.projectId,
      numberOrderId: 'no-such-order',
      attachmentId: 'no-such-attachment',
    };
    const available = await someAvailable(t);
    const active = (await rent(t)).phoneNumber;
    const document = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    operations = Object.entries(document.paths)
      .filter(([path]) => PROJECT_PREFIXES.some((prefix) => path.startsWith(prefix)))
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => {
          // A real number, so a missing check would show as a 200, not a 404.
          const phoneNumber = path.includes('/availableNumbers/') ? available : active;
          const url = path.replace(/\{(\w+)\}/g, (_, name: string) =>
            encodeURIComponent(name === 'phoneNumber' ? phoneNumber : ids[name]!),
          );
          const upper = method.toUpperCase() as Call['method'];
          return { method: upper, url, ...(upper === 'GET' ? {} : { body: {} }) };
        }),
      )
      // Release last: the others must find the number active.
      .sort((a, b) => Number(a.url.endsWith(':release')) - Number(b.url.endsWith(':release')));
    assert.ok(operations.length >= 29, `only ${operations.length} project operations`);
    for (const path of ['/numberOrders:createNumberOrder', '/numberOrders/no-such-order/submit'])
      assert.ok(
        operations.some((op) => op.url === `${BASE}${path}`),
        path,
      );
    for (const path of ['/importedNumbers', '/callbackConfiguration'])
      assert.ok(
        operations.some((op) => op.url === `/imported${BASE}${path}`),
        path,
      );
  });
  after(() => t.close());

  test('no Authorization header → 401 UNAUTHENTICATED', async () => {
    for (const op of operations) {
      const res = await call(t, { ...op, headers: { authorization: '' } });
      assertErrorAt(op.url, res, 401, 'UNAUTHENTICATED');
      assert.match(String(res.headers['www-authenticate']), /^Bearer/, `${op.method} ${op.url}`);
    }
  });

  test('a wrong secret, an unknown key, a malformed token → 401', async () => {
    for (const authorization of [
      basic(PROJECT.keyId, 'wrong'),
      basic('nobody', 'x'),
      'Bearer not-a-jwt',
      'Digest abc',
    ]) {
      for (const op of operations)
        assertErrorAt(op.url, await call(t, { ...op, headers: { authorization } }), 401, 'UNAUTHENTICATED');
    }
  });

  test("another project's key → 403 PERMISSION_DENIED, and nothing changes", async () => {
    for (const op of operations) {
      const res = await call(t, { ...op, headers: { authorization: t.other.auth } });
      assert.equal(res.status, 403, `${op.method} ${op.url}: ${JSON.stringify(res.body)}`);
      assertErrorAt(op.url, res, 403, 'PERMISSION_DENIED');
    }
    const list = await call(t, { method: 'GET', url: `${BASE}/activeNumbers` });
    assert.equal(list.body.totalSize, 1, 'the forbidden rent/rentAny did not rent');
    assert.equal(list.body.activeNumbers[0].expireAt, null, 'the forbidden release did not release');
  });

  test("a project's numbers are invisible from another project's own path", async () => {
    const active = (await call(t, { method: 'GET', url: `${BASE}/activeNumbers` })).body.activeNumbers[0]
      .phoneNumber;
    const res = await call(t, {
      method: 'GET',
      url: `/v1/projects/${t.other.projectId}/activeNumbers/${active}`,
      headers: { authorization: t.other.auth },
    });
    assertError(res, 404, 'NOT_FOUND');
    const list = await call(t, {
      method: 'GET',
      url: `/v1/projects/${t.other.projectId}/activeNumbers`,
      headers: { authorization: t.other.auth },
    });
    assert.deepEqual(list.body, { activeNumbers: [], nextPageToken: '', totalSize: 0 });
  });

  test('an expired token → 401 whose WWW-Authenticate contains "expired"', async () => {
    const token = await t.app.inject({
      method: 'POST',
      url: '/oauth2/token',
      headers: { authorization: t.auth, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials',
    });
    const bearer = `Bearer ${token.json().access_token}`;
    assert.equal(
      (await call(t, { method: 'GET', url: `${BASE}/activeNumbers`, headers: { authorization: bearer } }))
        .status,
      200,
    );
    await t.advance(3601);
    for (const op of operations) {
      const res = await call(t, { ...op, headers: { authorization: bearer } });
      assertErrorAt(op.url, res, 401, 'UNAUTHENTICATED');
      assert.match(String(res.headers['www-authenticate']), /expired/);
    }
  });
});
