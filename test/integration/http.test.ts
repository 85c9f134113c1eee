import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BODY_LIMIT_BYTES } from '../../src/app.js';
import { assertError, BASE, call, fieldViolations } from '../helpers/api.js';
import { startTestApp, type TestApp } from '../helpers/testApp.js';

/** Every failure, ours or the framework's, answers in the upstream envelope. */
describe('the error envelope for protocol errors', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('malformed JSON → 400 INVALID_ARGUMENT', async () => {
    const res = await call(t, {
      method: 'POST',
      url: `${BASE}/availableNumbers:rentAny`,
      body: '{"regionCode":',
    });
    assert.match(assertError(res, 400, 'INVALID_ARGUMENT').message, /Invalid JSON/);
  });

  test('a JSON body that is not an object → 400', async () => {
    assertError(
      await call(t, { method: 'POST', url: `${BASE}/availableNumbers:rentAny`, body: '[1,2]' }),
      400,
      'INVALID_ARGUMENT',
    );
  });

  test('an unknown route → 404 NOT_FOUND', async () => {
    assertError(
      await call(t, { method: 'GET', url: '/v1/projects/project-a/nothingHere' }),
      404,
      'NOT_FOUND',
    );
    assertError(
      await call(t, { method: 'POST', url: `${BASE}/availableNumbers/+12025550100:buy` }),
      404,
      'NOT_FOUND',
    );
  });

  test('a known route with the wrong method → 405 with Allow', async () => {
    const res = await call(t, { method: 'DELETE', url: `${BASE}/activeNumbers` });
    assertError(res, 405, 'UNIMPLEMENTED');
    assert.equal(res.headers.allow, 'GET');
  });

  test('an oversized body → 413', async () => {
    const body = JSON.stringify({ displayName: 'x'.repeat(BODY_LIMIT_BYTES) });
    assertError(
      await call(t, { method: 'PATCH', url: `${BASE}/activeNumbers/+12025550100`, body }),
      413,
      'INVALID_ARGUMENT',
    );
  });

  test('an unsupported media type → 415', async () => {
    const res = await call(t, {
      method: 'POST',
      url: `${BASE}/availableNumbers:rentAny`,
      body: 'regionCode=US',
      headers: { 'content-type': 'text/plain' },
    });
    assertError(res, 415, 'INVALID_ARGUMENT');
  });

  test('health check answers without credentials', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    assert.deepEqual(res.json(), { status: 'ok' });
  });
});

describe('text the stores cannot keep', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('NUL characters and unpaired surrogates → 400 naming the field, in bodies and queries', async () => {
    for (const displayName of ['a\u0000b', 'x\ud800']) {
      const res = await call(t, {
        method: 'PATCH',
        url: `${BASE}/activeNumbers/+12025550100`,
        body: JSON.stringify({ displayName }),
      });
      assert.deepEqual(fieldViolations(assertError(res, 400, 'INVALID_ARGUMENT')), ['displayName']);
    }
    const nested = await call(t, {
      method: 'POST',
      url: `${BASE}/availableNumbers:rentAny`,
      body: JSON.stringify({
        regionCode: 'US',
        type: 'LOCAL',
        smsConfiguration: { servicePlanId: 'p\u0000' },
      }),
    });
    assert.deepEqual(fieldViolations(assertError(nested, 400, 'INVALID_ARGUMENT')), [
      'smsConfiguration.servicePlanId',
    ]);
    const query = await call(t, {
      method: 'GET',
      url: `${BASE}/availableNumbers?regionCode=U%00S&type=LOCAL`,
    });
    assert.deepEqual(fieldViolations(assertError(query, 400, 'INVALID_ARGUMENT')), ['regionCode']);
  });
});

describe('bodies that are missing, null, deeply nested or malformed', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('an empty or null JSON body counts as {}: the missing fields are named, never a 500', async () => {
    for (const body of ['', 'null']) {
      const res = await t.app.inject({
        method: 'POST',
        url: `${BASE}/availableNumbers:rentAny`,
        headers: { authorization: t.auth, 'content-type': 'application/json' },
        payload: body,
      });
      assert.deepEqual(
        fieldViolations(assertError({ status: res.statusCode, body: res.json() }, 400, 'INVALID_ARGUMENT')),
        ['regionCode'],
      );
    }
    const order = await t.app.inject({
      method: 'POST',
      url: `${BASE}/numberOrders:createNumberOrder`,
      headers: { authorization: t.auth },
    });
    assert.equal(order.statusCode, 400);
  });

  test('JSON nested deeper than 64 levels → 400, not a stack overflow', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const res = await call(t, {
      method: 'PUT',
      url: `${BASE}/numberOrders/x/registration`,
      body: `{"data":${deep}}`,
    });
    assert.match(assertError(res, 400, 'INVALID_ARGUMENT').message, /nested deeper than 64/);
  });

  test('a multipart body without boundary or truncated → 400', async () => {
    for (const [contentType, payload] of [
      ['multipart/form-data', 'x'],
      [
        'multipart/form-data; boundary=abc',
        '--abc\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-',
      ],
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: `${BASE}/numberOrders/x/attachments/y`,
        headers: { authorization: t.auth, 'content-type': contentType },
        payload,
      });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().error.status, 'INVALID_ARGUMENT');
    }
  });
});
