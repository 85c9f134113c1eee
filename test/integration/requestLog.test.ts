import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, test } from 'node:test';
import pino from 'pino';
import { listen } from '../../src/listen.js';
import { startTestApp } from '../helpers/testApp.js';

/**
 * At LOG_LEVEL=info the server writes one line per request, when the response is sent: method,
 * path (a `/loa/…` signing token redacted), status code and response time in milliseconds.
 */

const t = await startTestApp();
after(() => t.close());

async function logOf(requests: (base: string) => Promise<void>): Promise<any[]> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const log = pino({ level: 'info' }, sink);
  const servers = await listen(t.runtime.deps, { host: '127.0.0.1', port: 0, importedPort: undefined }, log);
  try {
    await requests(servers.addresses[0]!);
  } finally {
    await servers.close();
  }
  return lines.map((line) => JSON.parse(line)).filter((line) => line.req || line.res);
}

test('one log line per request, written when it completes, with its status and response time', async () => {
  const entries = await logOf(async (base) => {
    await (await fetch(`${base}/healthz`)).text();
    await (await fetch(`${base}/v1/projects/project-a/availableRegions`)).text(); // no credentials
    await (await fetch(`${base}/no/such/route`)).text();
  });
  assert.equal(entries.length, 3, JSON.stringify(entries));
  const [health, refused, unknown] = entries;
  assert.equal(health.msg, 'request completed');
  assert.deepEqual([health.req.method, health.req.url, health.res.statusCode], ['GET', '/healthz', 200]);
  assert.equal(typeof health.responseTime, 'number');
  assert.ok(health.reqId, 'the request id ties the line to any other line of the request');
  assert.deepEqual(
    [refused.req.url, refused.res.statusCode],
    ['/v1/projects/project-a/availableRegions', 401],
  );
  assert.deepEqual([unknown.req.url, unknown.res.statusCode], ['/no/such/route', 404]);
});

test('the single line keeps a signing link token out of the log', async () => {
  const token = 'SecretSigningToken_0123456789abcdef';
  const entries = await logOf(async (base) => {
    await (await fetch(`${base}/loa/${token}?x=1`)).text();
  });
  assert.equal(entries.length, 1, JSON.stringify(entries));
  assert.equal(entries[0].req.url, '/loa/[redacted]?x=1');
  assert.ok(!JSON.stringify(entries).includes('SecretSigningToken'));
});
