import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { cli, cliEnv } from '../helpers/cli.js';
import { type CliProcess, startCli } from '../helpers/cliProcess.js';
import { type LiveServer, startLiveServer } from '../helpers/liveServer.js';
import { startReceiver } from '../helpers/receiver.js';

const NUMBERS_SECRET = 'my-numbers-callback-secret-0123456789';
const IMPORTED_SECRET = 'my-imported-callback-secret-0123456789';
const NUM = '/v1/projects/project-a';

/** What a `--json` listener printed so far, one object per request (complete lines only). */
const jsonLines = (p: CliProcess): any[] =>
  p
    .stdout()
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line));

describe('open-numbers webhooks listen: a local receiver that checks X-Sinch-Signature', () => {
  let server: LiveServer;
  let env: Record<string, string>;
  const running: CliProcess[] = [];

  /** `webhooks listen` on a free port, as a real process; resolves with its URL once it listens. */
  async function listen(
    args: string[],
    extraEnv: Record<string, string> = {},
  ): Promise<{ listener: CliProcess; url: string }> {
    const listener = startCli(['webhooks', 'listen', '--port', '0', ...args], { ...env, ...extraEnv });
    running.push(listener);
    const [, url] = await listener.waitFor('stderr', /listening on (\S+)/);
    return { listener, url: url! };
  }

  /** Rents any US LOCAL number with this callbackUrl; its SMS outcome is a callback 2 s of clock later. */
  async function rentWith(callbackUrl: string, smsConfiguration: object = { servicePlanId: 'plan-1' }) {
    const res = await server.api('POST', `${NUM}/availableNumbers:rentAny`, {
      regionCode: 'US',
      type: 'LOCAL',
      smsConfiguration,
      callbackUrl,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.phoneNumber as string;
  }

  before(async () => {
    server = await startLiveServer();
    env = cliEnv(server);
    // Each API signs its callbacks with its own callback configuration's secret.
    const numbers = await server.api('PATCH', `${NUM}/callbackConfiguration`, { hmacSecret: NUMBERS_SECRET });
    assert.equal(numbers.status, 200, JSON.stringify(numbers.body));
    const imported = await server.api('PATCH', `${server.imported}/callbackConfiguration`, {
      hmacSecret: IMPORTED_SECRET,
    });
    assert.equal(imported.status, 200, JSON.stringify(imported.body));
  });
  after(async () => {
    for (const p of running) p.child.kill('SIGKILL');
    await server.close();
  });

  test('a provisioning outcome is shown with its type, status, failure code, resource and "signature ok"; Ctrl-C exits 0', async () => {
    const { listener, url } = await listen(['--secret', NUMBERS_SECRET]);
    const number = await rentWith(url, { servicePlanId: 'plan-1', campaignId: 'FAIL_CAMPAIGN_EXPIRED' });
    await server.advance(2);

    await listener.waitFor('stdout', /PROVISIONING_TO_CAMPAIGN/);
    const lines = (await listener.waitFor('stdout', /(.*PROVISIONING_TO_SMS_PLATFORM.*\n)/)).input!;
    const plus = number.replace('+', '\\+');
    assert.match(
      lines,
      new RegExp(
        `^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+  PROVISIONING_TO_SMS_PLATFORM SUCCEEDED  ACTIVE_NUMBER ${plus}  signature ok$`,
        'm',
      ),
    );
    assert.match(
      lines,
      new RegExp(
        `  PROVISIONING_TO_CAMPAIGN FAILED CAMPAIGN_EXPIRED  ACTIVE_NUMBER ${plus}  signature ok$`,
        'm',
      ),
    );

    assert.equal(await listener.interrupt(), 0);
    assert.match(listener.stderr(), /stopped after 2 requests/);
    assert.doesNotMatch(listener.stderr(), /\n\s+at /, 'no stack trace');
  });

  test('a wrong signature (the sandbox fault) is shown as BAD and answered 401; the server retries, and the retry is ok', async () => {
    // The secrets may come from SINCH_CALLBACK_SECRET instead of --secret (comma-separated).
    const { listener, url } = await listen([], {
      SINCH_CALLBACK_SECRET: `${IMPORTED_SECRET},${NUMBERS_SECRET}`,
    });
    await listener.waitFor('stderr', /checking X-Sinch-Signature with 2 secrets/);
    assert.equal((await cli(['sandbox', 'faults', 'set', '--wrong-signature'], env)).code, 0);
    const number = await rentWith(url);
    await server.advance(2);
    await listener.waitFor('stdout', /PROVISIONING_TO_SMS_PLATFORM SUCCEEDED .* signature BAD → 401$/m);

    // The server recorded the refusal and will retry 5 s later; with the fault off, the retry is signed right.
    const log = await cli(['sandbox', 'callbacks', '--resource', number, '--json'], env);
    const [event] = log.json().callbacks;
    assert.equal(event.deliveryState, 'PENDING');
    assert.equal(event.deliveries[0].responseStatus, 401);
    assert.equal((await cli(['sandbox', 'faults', 'set'], env)).code, 0);
    // Past the second retry too (30 s), in case the clock's own ticking ran the first one meanwhile.
    await server.advance(35);
    await listener.waitFor('stdout', /PROVISIONING_TO_SMS_PLATFORM SUCCEEDED .* signature ok$/m);
    assert.equal(await listener.interrupt(), 0);
  });

  test('--json: one JSON line per request with signatureValid; two secrets for the two APIs; --forward passes the request on as received', async () => {
    const app = await startReceiver('/hooks');
    try {
      const { listener, url } = await listen([
        '--json',
        '--secret',
        NUMBERS_SECRET,
        '--secret',
        IMPORTED_SECRET,
        '--forward',
        app.url,
      ]);
      const rented = await rentWith(url);
      const imported = await server.api('POST', `${server.imported}/importedNumbers`, {
        phoneNumber: '+12025550134',
        regionCode: 'US',
        smsConfiguration: { servicePlanId: 'plan-1' },
        callbackUrl: url,
      });
      assert.equal(imported.status, 200, JSON.stringify(imported.body));
      await server.advance(2);
      await server.until(
        async () => jsonLines(listener),
        (lines) =>
          lines.some((l) => l.event.resourceId === rented) &&
          lines.some((l) => l.event.resourceType === 'IMPORTED_NUMBER'),
      );
      const lines = jsonLines(listener);
      for (const line of lines) {
        assert.equal(line.signatureValid, true, JSON.stringify(line));
        assert.equal(line.answered, 200);
        assert.deepEqual(line.forward, { url: app.url, status: 200 });
        assert.deepEqual(JSON.parse(line.body), line.event);
      }
      const numbersEvent = lines.find((l) => l.event.resourceId === rented);
      assert.equal(numbersEvent.event.eventType, 'PROVISIONING_TO_SMS_PLATFORM');
      const importedEvent = lines.find((l) => l.event.resourceType === 'IMPORTED_NUMBER');
      assert.equal(importedEvent.event.resourceId, '+12025550134');

      // The forward target got the exact bytes and the signature header: it can check them itself.
      for (const line of lines) {
        const request = app.received.find((r) => r.body === line.body);
        assert.ok(request, 'forwarded');
        const signature = request.headers['x-sinch-signature'];
        const body = JSON.parse(request.body);
        const secret = body.resourceType === 'IMPORTED_NUMBER' ? IMPORTED_SECRET : NUMBERS_SECRET;
        assert.equal(signature, createHmac('sha1', secret).update(request.body).digest('hex'));
        assert.equal(request.headers['content-type'], 'application/json');
      }
      assert.equal(await listener.interrupt(), 0);
    } finally {
      await app.close();
    }
  });

  test("--project-secrets checks with the project's own secrets; unsigned, tampered and non-POST requests are refused", async () => {
    const { listener, url } = await listen(['--project-secrets', '--json']);
    const body = JSON.stringify({
      eventId: 'e1',
      eventType: 'PROVISIONING_TO_SMS_PLATFORM',
      status: 'SUCCEEDED',
    });
    const post = (headers: Record<string, string>, payload = body) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: payload,
      });
    const signed = createHmac('sha1', IMPORTED_SECRET).update(body).digest('hex');

    assert.equal((await post({ 'x-sinch-signature': signed })).status, 200);
    assert.equal((await post({ 'x-sinch-signature': signed }, `${body} `)).status, 401, 'one byte more');
    assert.equal((await post({})).status, 401, 'no signature');
    assert.equal((await fetch(url)).status, 405);

    const lines = await server.until(
      async () => jsonLines(listener),
      (parsed) => parsed.length === 4,
    );
    assert.deepEqual(
      lines.map((l) => [l.method, l.signature, l.signatureValid, l.answered]),
      [
        ['POST', 'valid', true, 200],
        ['POST', 'invalid', false, 401],
        ['POST', 'missing', false, 401],
        ['GET', 'missing', false, 405],
      ],
    );
    assert.equal(await listener.interrupt(), 0);
  });

  test('bad flags and a port in use: one line, exit 2, before listening', async () => {
    const badPort = await cli(['webhooks', 'listen', '--port', '70000'], env);
    assert.equal(badPort.code, 2);
    assert.match(badPort.stderr, /--port must be a port number/);

    const badForward = await cli(['webhooks', 'listen', '--forward', 'ftp://example.com/'], env);
    assert.equal(badForward.code, 2);
    assert.match(badForward.stderr, /--forward must be http\(s\)/);

    const { url } = await listen([]);
    const taken = await cli(['webhooks', 'listen', '--port', new URL(url).port], env);
    assert.equal(taken.code, 2);
    assert.equal(taken.stderr.trim().split('\n').length, 1, taken.stderr);
    assert.match(taken.stderr, /port \d+ on 127\.0\.0\.1 is in use: pick another with --port/);
  });
});
