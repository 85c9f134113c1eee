import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeJwt } from 'jose';
import { assertError, BASE, call } from '../helpers/api.js';
import { ADMIN_TOKEN, basic, startTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

function token(authorization: string, body = 'grant_type=client_credentials') {
  return t.app.inject({
    method: 'POST',
    url: '/oauth2/token',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    payload: body,
  });
}

describe('POST /oauth2/token', () => {
  test('issues a JWT with exp and all four keys', async () => {
    const res = await token(t.auth);
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.deepEqual(Object.keys(body), ['access_token', 'expires_in', 'scope', 'token_type']);
    assert.equal(body.expires_in, 3599);
    assert.equal(body.scope, '');
    assert.equal(body.token_type, 'bearer');
    const claims = decodeJwt(body.access_token);
    assert.ok(typeof claims.exp === 'number' && claims.exp > Date.now() / 1000);
    const use = await call(t, {
      method: 'GET',
      url: `${BASE}/activeNumbers`,
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    assert.equal(use.status, 200);
  });

  test('bad credentials → 401 with an OAuth2 error body', async () => {
    for (const authorization of [basic('key-a', 'wrong'), basic('unknown', 'x'), '']) {
      const res = await token(authorization);
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().error, 'invalid_client');
      assert.ok(res.json().error_description);
    }
  });

  test('another grant type → 400 unsupported_grant_type', async () => {
    const res = await token(t.auth, 'grant_type=password');
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error, 'unsupported_grant_type');
  });
});

describe('admin API', () => {
  test('creates a project and an access key whose secret works at once', async () => {
    const project = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/projects',
      headers: admin,
      payload: {},
    });
    assert.equal(project.statusCode, 200);
    const { projectId } = project.json();
    assert.match(projectId, /^[0-9a-f-]{36}$/);
    const key = await t.app.inject({
      method: 'POST',
      url: `/admin/v1/projects/${projectId}/accessKeys`,
      headers: admin,
    });
    assert.equal(key.statusCode, 200);
    const { keyId, keySecret } = key.json();
    const res = await call(t, {
      method: 'GET',
      url: `/v1/projects/${projectId}/activeNumbers`,
      headers: { authorization: basic(keyId, keySecret) },
    });
    assert.deepEqual(res.body, { activeNumbers: [], nextPageToken: '', totalSize: 0 });
  });

  test('a chosen project id; a duplicate → 409 ALREADY_EXISTS; a bad one → 400', async () => {
    const create = (projectId: string) =>
      t.app.inject({ method: 'POST', url: '/admin/v1/projects', headers: admin, payload: { projectId } });
    assert.equal((await create('chosen-id')).statusCode, 200);
    assert.equal((await create('chosen-id')).json().error.status, 'ALREADY_EXISTS');
    assert.equal((await create('bad id!')).statusCode, 400);
  });

  test('a key for an unknown project → 404', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/projects/nope/accessKeys',
      headers: admin,
    });
    assertError({ status: res.statusCode, body: res.json() }, 404, 'NOT_FOUND');
  });

  test('without the admin token → 401; an access key is not the admin token', async () => {
    for (const authorization of ['', 'Bearer wrong', t.auth]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/admin/v1/projects',
        headers: { authorization },
        payload: {},
      });
      assertError({ status: res.statusCode, body: res.json() }, 401, 'UNAUTHENTICATED');
    }
  });
});

describe('sandbox clock', () => {
  test('GET /_sandbox/clock and :advance move time for everything', async () => {
    const before = Date.parse(
      (await t.app.inject({ method: 'GET', url: '/_sandbox/clock', headers: admin })).json().now,
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/_sandbox/clock:advance',
      headers: admin,
      payload: { seconds: 3600 },
    });
    assert.equal(res.statusCode, 200);
    const after = Date.parse(res.json().now);
    assert.ok(after - before >= 3600_000 && after - before < 3660_000);
  });

  test('bad input → 400; no admin token → 401', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/_sandbox/clock:advance',
      headers: admin,
      payload: { seconds: -5 },
    });
    assertError({ status: bad.statusCode, body: bad.json() }, 400, 'INVALID_ARGUMENT');
    const anon = await t.app.inject({ method: 'GET', url: '/_sandbox/clock' });
    assert.equal(anon.statusCode, 401);
  });

  test('operator mode has no sandbox controls', async () => {
    const operator = await startTestApp({ OPEN_NUMBERS_MODE: 'operator' });
    try {
      const res = await operator.app.inject({
        method: 'POST',
        url: '/_sandbox/clock:advance',
        headers: admin,
        payload: { seconds: 1 },
      });
      assert.equal(res.statusCode, 404);
    } finally {
      await operator.close();
    }
  });
});
