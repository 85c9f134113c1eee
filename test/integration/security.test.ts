import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, BASE, type Call, call, rent, someAvailable } from '../helpers/api.js';
import { basic, PROJECT, startTestApp, type TestApp } from '../helpers/testApp.js';

/**
 * Every Numbers v1 operation answers 401 without valid credentials, 401 with `expired` in
 * WWW-Authenticate for an expired token (the SDKs refresh only then), and 403 for a key of
 * another project.
 */
describe('authentication and project isolation, for every operation', () => {
  let t: TestApp;
  let operations: Call[];

  before(async () => {
    t = await startTestApp();
    const available = await someAvailable(t);
    const active = (await rent(t)).phoneNumber;
    operations = [
      { method: 'GET', url: `${BASE}/availableRegions` },
      { method: 'GET', url: `${BASE}/availableNumbers?regionCode=US&type=LOCAL` },
      { method: 'GET', url: `${BASE}/availableNumbers/${available}` },
      { method: 'POST', url: `${BASE}/availableNumbers/${available}:rent`, body: {} },
      { method: 'POST', url: `${BASE}/availableNumbers:rentAny`, body: { regionCode: 'US', type: 'LOCAL' } },
      { method: 'GET', url: `${BASE}/activeNumbers` },
      { method: 'GET', url: `${BASE}/activeNumbers/${active}` },
      { method: 'PATCH', url: `${BASE}/activeNumbers/${active}`, body: { displayName: 'x' } },
      { method: 'GET', url: `${BASE}/activeNumbers/${active}/emergencyAddress` },
      {
        method: 'POST',
        url: `${BASE}/activeNumbers/${active}/emergencyAddress:provision`,
        body: { displayName: 'x', address: {} },
      },
      { method: 'POST', url: `${BASE}/activeNumbers/${active}/emergencyAddress:deprovision` },
      {
        method: 'POST',
        url: `${BASE}/activeNumbers/${active}/emergencyAddress:validate`,
        body: { displayName: 'x', address: {} },
      },
      { method: 'GET', url: `${BASE}/callbackConfiguration` },
      { method: 'PATCH', url: `${BASE}/callbackConfiguration`, body: { hmacSecret: 'x' } },
      // Release last: the list above must find the number active.
      { method: 'POST', url: `${BASE}/activeNumbers/${active}:release` },
    ];
  });
  after(() => t.close());

  test('no Authorization header → 401 UNAUTHENTICATED', async () => {
    for (const op of operations) {
      const res = await call(t, { ...op, headers: { authorization: '' } });
      assertError(res, 401, 'UNAUTHENTICATED');
      assert.match(String(res.headers['www-authenticate']), /^Bearer/);
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
        assertError(await call(t, { ...op, headers: { authorization } }), 401, 'UNAUTHENTICATED');
    }
  });

  test("another project's key → 403 PERMISSION_DENIED, and nothing changes", async () => {
    for (const op of operations)
      assertError(
        await call(t, { ...op, headers: { authorization: t.other.auth } }),
        403,
        'PERMISSION_DENIED',
      );
    const list = await call(t, { method: 'GET', url: `${BASE}/activeNumbers` });
    assert.equal(list.body.totalSize, 1, 'the forbidden rent/rentAny did not rent');
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
      assertError(res, 401, 'UNAUTHENTICATED');
      assert.match(String(res.headers['www-authenticate']), /expired/);
    }
  });
});
