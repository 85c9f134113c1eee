import assert from 'node:assert/strict';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { FAILURE_BURST } from '../../src/domain/auth/authService.js';
import { assertError, BASE, call } from '../helpers/api.js';
import { multipart, PDF } from '../helpers/multipart.js';
import { ADMIN_TOKEN, basic, PROJECT, startTestApp, type TestApp } from '../helpers/testApp.js';

/**
 * What a hostile or broken client can do to the server, over real HTTP: every refusal is the
 * API's error envelope, one tenant's flood of bad credentials does not hold back another, text
 * a store cannot keep never reaches it, and a body is not read before its sender is known.
 */

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

let t: TestApp;
let port: number;

before(async () => {
  t = await startTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.server.address() as AddressInfo).port;
});
after(() => t.close());

/** One request over a real connection, optionally from another loopback address. */
function send(
  path: string,
  {
    method = 'GET',
    headers = {},
    body,
    agent,
  }: { method?: string; headers?: Record<string, string>; body?: string | Buffer; agent?: Agent } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Bytes written straight to a socket, for requests no HTTP client would send. */
function sendRaw(bytes: string | Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString();
      const [head = '', text = ''] = raw.split('\r\n\r\n');
      const status = Number(head.split(' ')[1]);
      resolve({ status, headers: {}, text });
    });
    socket.end(bytes);
  });
}

function envelope(answer: Answer, httpStatus: number, status: string) {
  return assertError({ status: answer.status, body: JSON.parse(answer.text) }, httpStatus, status);
}

describe('errors before any route runs are envelopes too', () => {
  test('a path that does not percent-decode → 400', async () => {
    envelope(
      await send(`${BASE}/activeNumbers/%ff`, { headers: { authorization: t.auth } }),
      400,
      'INVALID_ARGUMENT',
    );
  });

  test('a path parameter over the router limit → 414', async () => {
    const long = '1'.repeat(120);
    envelope(
      await send(`${BASE}/activeNumbers/${long}`, { headers: { authorization: t.auth } }),
      414,
      'INVALID_ARGUMENT',
    );
  });

  test('Expect with anything but 100-continue → 417', async () => {
    envelope(await send('/healthz', { headers: { expect: 'garbage' } }), 417, 'FAILED_PRECONDITION');
  });

  test('headers over the size limit → 431', async () => {
    envelope(
      await send('/healthz', { headers: { 'x-padding': 'a'.repeat(20_000) } }),
      431,
      'INVALID_ARGUMENT',
    );
  });

  test('bytes the HTTP parser refuses → 400, and the server keeps serving', async () => {
    for (const raw of [
      'GET /healthz HTTP/1.1\r\nHost: x\r\nBad\u0001Name: y\r\n\r\n',
      'POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: twelve\r\n\r\n',
      'POST /oauth2/token HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'NOT A REQUEST\r\n\r\n',
    ]) {
      envelope(await sendRaw(raw), 400, 'INVALID_ARGUMENT');
    }
    assert.equal((await send('/healthz')).status, 200);
  });
});

describe('a body is read only once its sender is known', () => {
  // Invalid JSON that would answer 400 if it were parsed: the answers prove it was not.
  const notJson = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1,2,' };

  test('no route → 404, the body unread', async () => {
    envelope(await send(`${BASE}/noSuchThing`, notJson), 404, 'NOT_FOUND');
  });

  test('another method has the route → 405 with Allow, the body unread', async () => {
    const answer = await send('/_sandbox/clock', notJson);
    envelope(answer, 405, 'UNIMPLEMENTED');
    assert.equal(answer.headers.allow, 'GET');
  });

  test('Numbers API without credentials → 401, the body unread', async () => {
    envelope(await send(`${BASE}/availableNumbers:rentAny`, notJson), 401, 'UNAUTHENTICATED');
  });

  test('token endpoint with a wrong secret → 401 OAuth2 error, the body unread', async () => {
    const answer = await send('/oauth2/token', {
      ...notJson,
      headers: { ...notJson.headers, authorization: basic(PROJECT.keyId, 'wrong') },
    });
    assert.equal(answer.status, 401);
    assert.equal(JSON.parse(answer.text).error, 'invalid_client');
  });
});

describe('text no store can keep is refused before a store sees it', () => {
  test('NUL in a Basic key id or secret → 401', async () => {
    for (const [keyId, secret] of [
      ['a\u0000b', 'x'],
      [PROJECT.keyId, 'secret\u0000'],
      ['\ud800', 'x'],
    ]) {
      const res = await call(t, {
        method: 'GET',
        url: `${BASE}/activeNumbers`,
        headers: { authorization: basic(keyId!, secret!) },
      });
      assertError(res, 401, 'UNAUTHENTICATED');
      const token = await t.app.inject({
        method: 'POST',
        url: '/oauth2/token',
        headers: {
          authorization: basic(keyId!, secret!),
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: 'grant_type=client_credentials',
      });
      assert.equal(token.statusCode, 401);
    }
  });

  test('NUL or a lone surrogate in a path, query or body → 400 naming the field', async () => {
    assertError(
      await call(t, { method: 'GET', url: `${BASE}/activeNumbers/%2B1%00` }),
      400,
      'INVALID_ARGUMENT',
    );
    assertError(
      await call(t, { method: 'GET', url: `${BASE}/availableNumbers?regionCode=US%00&type=LOCAL` }),
      400,
      'INVALID_ARGUMENT',
    );
    const res = await call(t, {
      method: 'POST',
      url: `${BASE}/availableNumbers:rentAny`,
      body: '{"regionCode":"US","type":"LOCAL","smsConfiguration":{"servicePlanId":"a\\u0000"}}',
    });
    const error = assertError(res, 400, 'INVALID_ARGUMENT');
    assert.equal(error.details[0].fieldViolations[0].field, 'smsConfiguration.servicePlanId');
    assertError(
      await call(t, {
        method: 'GET',
        url: `/admin/v1/projects/project-a/numberOrders/%00/attachments/%ud800`,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      }),
      400,
      'INVALID_ARGUMENT',
    );
  });
});

describe('credential floods', () => {
  test("a flood of wrong secrets for one key id does not hold back another tenant's first request", async () => {
    const flooder = new Agent({ localAddress: '127.0.0.2', maxSockets: 400 });
    try {
      const flood = Array.from({ length: 400 }, (_, i) =>
        send(`${BASE}/activeNumbers`, {
          headers: { authorization: basic(PROJECT.keyId, `wrong-${i}`) },
          agent: flooder,
        }),
      );
      // Let the flood reach the server before the other tenant asks.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const answer = await send(`/v1/projects/${t.other.projectId}/activeNumbers`, {
        headers: { authorization: t.other.auth },
      });
      assert.equal(answer.status, 200, answer.text);
      const answers = await Promise.all(flood);
      const statuses = new Map<number, number>();
      for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      // Only a handful of checks were queued for the key id; the rest were refused at once.
      assert.deepEqual([...statuses.keys()].sort(), [401, 429], JSON.stringify([...statuses]));
      const refused = answers.find((a) => a.status === 429)!;
      envelope(refused, 429, 'RESOURCE_EXHAUSTED');
      assert.match(String(refused.headers['retry-after']), /^\d+$/);
      // What anyone else waits behind is bounded: at most FAILURE_BURST secrets were checked
      // (a scrypt run each, on a pool shared round-robin by key id); before the per-key limit and
      // the failure throttle, all 400 were, and the other tenant waited 10–12 s on this machine class.
      assert.ok(statuses.get(401)! <= FAILURE_BURST, JSON.stringify([...statuses]));
    } finally {
      flooder.destroy();
    }
  });

  test('an address that keeps failing on a key id is told to retry later; nobody else is', async () => {
    const agent = new Agent({ localAddress: '127.0.0.3' });
    try {
      // Unknown key ids cost no scrypt run and are not counted.
      for (let i = 0; i < 30; i++) {
        const answer = await send(`${BASE}/activeNumbers`, {
          headers: { authorization: basic(`nobody-${i}`, 'x') },
          agent,
        });
        assert.equal(answer.status, 401);
      }
      // The first request verifies the real secret, so later ones from here need no scrypt run.
      assert.equal(
        (await send(`${BASE}/activeNumbers`, { headers: { authorization: t.auth }, agent })).status,
        200,
      );
      const statuses: number[] = [];
      const started = performance.now();
      for (let i = 0; i < 30; i++) {
        const answer = await send(`${BASE}/activeNumbers`, {
          headers: { authorization: basic(PROJECT.keyId, `guess-${i}`) },
          agent,
        });
        statuses.push(answer.status);
        if (answer.status === 429) {
          envelope(answer, 429, 'RESOURCE_EXHAUSTED');
          assert.ok(Number(answer.headers['retry-after']) >= 1);
        }
      }
      // A burst of 20 failures, then one more per second the loop took.
      const refills = Math.ceil((performance.now() - started) / 1000);
      assert.deepEqual(statuses.slice(0, 20), Array(20).fill(401));
      assert.ok(statuses.filter((s) => s === 401).length <= 20 + refills, statuses.join(','));
      assert.ok(statuses.slice(20).includes(429), statuses.join(','));
      assert.equal(
        (await send(`${BASE}/activeNumbers`, { headers: { authorization: t.auth }, agent })).status,
        200,
      );
      // Other addresses are not affected.
      assert.equal(
        (await send(`${BASE}/activeNumbers`, { headers: { authorization: basic(PROJECT.keyId, 'guess-x') } }))
          .status,
        401,
      );
      // Nor is another tenant's first request from the same address (tenants behind one proxy):
      // a key never verified before, so it needs a scrypt run.
      const fresh = await t.runtime.deps.auth.createAccessKey(t.other.projectId);
      const answer = await send(`/v1/projects/${t.other.projectId}/activeNumbers`, {
        headers: { authorization: basic(fresh.keyId, fresh.keySecret) },
        agent,
      });
      assert.equal(answer.status, 200, answer.text);
    } finally {
      agent.destroy();
    }
  });
});

describe('attachment downloads', () => {
  test('are served as the sniffed type, with a matching extension, never sniffed by the browser', async () => {
    const requirements = (
      await call(t, {
        method: 'POST',
        url: `${BASE}/numberOrders:lookupNumberRequirements`,
        body: { regionCode: 'DE', numberType: 'LOCAL' },
      })
    ).body;
    const search = await call(t, {
      method: 'GET',
      url: `${BASE}/availableNumbers?regionCode=DE&type=LOCAL&size=1`,
    });
    const order = (
      await call(t, {
        method: 'POST',
        url: `${BASE}/numberOrders:createNumberOrder`,
        body: {
          regionCode: 'DE',
          numberType: 'LOCAL',
          numberOrderOption: { phoneNumbers: [search.body.availableNumbers[0].phoneNumber] },
        },
      })
    ).body;
    const attachment = requirements.fields.attachments.find((a: any) =>
      a.allowedMimeTypes.includes('application/pdf'),
    );
    // A PDF that calls itself a web page.
    const { payload, contentType } = multipart([
      { name: 'file', value: PDF, filename: 'poly.html', contentType: 'text/html' },
      { name: 'documentType', value: attachment.allowedDocumentTypes[0] },
    ]);
    const upload = await t.app.inject({
      method: 'POST',
      url: `${BASE}/numberOrders/${order.idNumberOrder}/attachments/${attachment.id}`,
      headers: { authorization: t.auth, 'content-type': contentType },
      payload,
    });
    assert.equal(upload.statusCode, 200, upload.body);
    const download = await t.app.inject({
      method: 'GET',
      url: `/admin/v1/projects/project-a/numberOrders/${order.idNumberOrder}/attachments/${attachment.id}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.equal(download.headers['content-disposition'], 'attachment; filename="poly.pdf"');
    assert.equal(download.headers['x-content-type-options'], 'nosniff');
    assert.deepEqual(download.rawPayload, PDF);
  });
});
