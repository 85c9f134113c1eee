import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { BODY_LIMIT_BYTES, buildApp } from '../../src/app.js';
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

  test('an unsupported media type → 415 naming the type received and the one expected', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded; charset=utf-8']) {
      const res = await call(t, {
        method: 'POST',
        url: `${BASE}/availableNumbers:rentAny`,
        body: 'regionCode=US',
        headers: { 'content-type': contentType },
      });
      assert.equal(
        assertError(res, 415, 'INVALID_ARGUMENT').message,
        `Content-Type "${contentType}" is not supported here; send application/json`,
      );
    }
  });

  test('health check answers without credentials', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    assert.deepEqual(res.json(), { status: 'ok' });
  });
});

describe('a body field that does not exist', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('is named first as unknown, with the field it likely meant, when the request is refused', async () => {
    const res = await call(t, {
      method: 'POST',
      url: `${BASE}/availableNumbers:rentAny`,
      body: { regionCode: 'US', typ: 'LOCAL' },
    });
    const error = assertError(res, 400, 'INVALID_ARGUMENT');
    assert.equal(error.message, 'Unknown field "typ"; did you mean "type"?');
    assert.deepEqual(fieldViolations(error), ['typ', 'type']);
  });

  test('quantity instead of requestedQuantity in a number order is reported as unknown, not as another rule', async () => {
    const res = await call(t, {
      method: 'POST',
      url: `${BASE}/numberOrders:createNumberOrder`,
      body: { regionCode: 'US', numberType: 'LOCAL', quantityOrderOption: { quantity: 3 } },
    });
    const error = assertError(res, 400, 'INVALID_ARGUMENT');
    assert.equal(
      error.message,
      'Unknown field "quantityOrderOption.quantity"; did you mean "quantityOrderOption.requestedQuantity"?',
    );
    assert.equal(fieldViolations(error)[0], 'quantityOrderOption.quantity');
  });

  test('a nested one without a likely match is named too', async () => {
    const number = (
      await call(t, { method: 'GET', url: `${BASE}/availableNumbers?regionCode=US&type=LOCAL&size=1` })
    ).body.availableNumbers[0].phoneNumber;
    const res = await call(t, {
      method: 'POST',
      url: `${BASE}/availableNumbers/${number}:rent`,
      body: { smsConfiguration: { plan: 'p', servicePlanId: 5 } },
    });
    const error = assertError(res, 400, 'INVALID_ARGUMENT');
    assert.equal(error.message, 'Unknown field "smsConfiguration.plan": this operation does not take it');
    assert.deepEqual(fieldViolations(error), ['smsConfiguration.plan', 'smsConfiguration.servicePlanId']);
  });

  test('at most 10 are named, however many a body holds', async () => {
    const body = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`extra${i}`, i]));
    const res = await call(t, { method: 'POST', url: `${BASE}/availableNumbers:rentAny`, body });
    const fields = fieldViolations(assertError(res, 400, 'INVALID_ARGUMENT'));
    assert.deepEqual(
      fields.slice(0, 10),
      Array.from({ length: 10 }, (_, i) => `extra${i}`),
    );
    assert.ok(fields.slice(10).includes('regionCode'), fields.join());
    assert.ok(fields.length <= 12, fields.join());
  });

  test('is ignored when the request is otherwise valid, as upstream does', async () => {
    const res = await call(t, {
      method: 'POST',
      url: `${BASE}/availableNumbers:rentAny`,
      body: { regionCode: 'US', type: 'LOCAL', somethingNew: true },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  });
});

describe('a query parameter the operation does not read', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('is ignored; the Warning header and the request log name it and the parameter meant', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const app = buildApp(t.runtime.deps, { loggerInstance: pino({ level: 'info' }, sink) });
    try {
      const res = await app.inject({
        method: 'GET',
        url: `${BASE}/availableNumbers?regionCode=US&type=LOCAL&size=1&capability=SMS`,
        headers: { authorization: t.auth },
      });
      assert.equal(res.statusCode, 200);
      assert.equal(
        res.headers.warning,
        '299 - "Ignored query parameter capability: this operation reads capabilities"',
      );
    } finally {
      await app.close();
    }
    const logged = lines.find((l) => l.ignoredQueryParameters);
    assert.ok(logged, JSON.stringify(lines));
    assert.deepEqual(logged.ignoredQueryParameters, ['capability']);
    assert.equal(logged.msg, 'Ignored query parameter capability: this operation reads capabilities');
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
      const error = assertError({ status: res.statusCode, body: res.json() }, 400, 'INVALID_ARGUMENT');
      assert.deepEqual(fieldViolations(error), ['regionCode', 'type']);
      assert.equal(error.message, 'regionCode is required');
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
