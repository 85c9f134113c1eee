/**
 * Durability across a restart: a number with provisioning still pending, the SDK's cached token,
 * and the provisioning job itself must all survive SIGTERM and a start on the same data dir.
 * The provisioning delay is 30 clock-seconds here, so nothing completes by itself mid-test.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { accessToken, advanceClock, type Numbers, raw, sdkFor } from './client.js';
import { type RecordingProxy, startRecordingProxy } from './proxy.js';
import { type RunningServer, startServer, waitFor } from './server.js';

const SLOW_PROVISIONING = { OPEN_NUMBERS_PROVISIONING_DELAY_SECONDS: '30' };

let server: RunningServer;
let proxy: RecordingProxy;
let numbers: Numbers;

before(async () => {
  server = await startServer({ env: SLOW_PROVISIONING });
  proxy = await startRecordingProxy(server.baseUrl);
  numbers = sdkFor(proxy);
});

after(async () => {
  await proxy?.close();
  await server?.dispose();
});

// One scenario in order; each step relies on the previous one.
describe('a restart on the same data dir', () => {
  let phoneNumber: string;
  let tokenBeforeRestart: string;

  it('starts with a rented number whose SMS provisioning is WAITING', async () => {
    const rented = await numbers.rentAny({
      rentAnyNumberRequestBody: {
        regionCode: 'US',
        type: 'LOCAL',
        smsConfiguration: { servicePlanId: 'plan-restart' },
        voiceConfiguration: { type: 'EST', trunkId: 'trunk-restart' },
        callbackUrl: 'https://example.test/restart',
      },
    });
    phoneNumber = rented.phoneNumber!;
    assert.equal(rented.smsConfiguration!.scheduledProvisioning!.status, 'WAITING');
    assert.equal(rented.voiceConfiguration!.scheduledVoiceProvisioning!.status, 'WAITING');
    tokenBeforeRestart = await accessToken(server);
  });

  it('stops cleanly on SIGTERM (exit code 0) and starts again', async () => {
    assert.equal(await server.stop(), 0);
    const down = await fetch(`${server.baseUrl}/healthz`).then(
      (r) => r.status,
      () => 'refused',
    );
    assert.equal(down, 'refused');
    await server.restart(SLOW_PROVISIONING);
  });

  it('keeps the number and its pending provisioning', async () => {
    proxy.clear();
    const number = await numbers.get({ phoneNumber });
    assert.equal(number.phoneNumber, phoneNumber);
    assert.equal(number.callbackUrl, 'https://example.test/restart');
    assert.equal(number.smsConfiguration!.servicePlanId, '');
    assert.equal(number.smsConfiguration!.scheduledProvisioning!.servicePlanId, 'plan-restart');
    assert.notEqual(number.smsConfiguration!.scheduledProvisioning!.status, 'FAILED');
    assert.equal(number.voiceConfiguration!.scheduledVoiceProvisioning!.trunkId, 'trunk-restart');
  });

  it('accepts tokens issued before the restart (the SDK did not need a new one)', async () => {
    assert.deepEqual(
      proxy.exchanges.map((e) => `${e.method} ${e.status}`),
      ['GET 200'],
      'the SDK reused its cached token',
    );
    const response = await raw(server, 'GET', `/activeNumbers/${phoneNumber}`, {
      authorization: `Bearer ${tokenBeforeRestart}`,
    });
    assert.equal(response.status, 200);
  });

  it('completes the provisioning once the sandbox clock passes the provisioning delay', async () => {
    await advanceClock(server, 30);
    const done = await waitFor(
      async () => {
        const number = await numbers.get({ phoneNumber });
        return number.smsConfiguration!.scheduledProvisioning === null &&
          number.voiceConfiguration!.scheduledVoiceProvisioning === null
          ? number
          : undefined;
      },
      { timeoutMs: 10_000, description: 'provisioning to complete after clock:advance 30' },
    );
    assert.equal(done.smsConfiguration!.servicePlanId, 'plan-restart');
    assert.equal(done.voiceConfiguration!.type, 'EST');
    assert.equal(done.voiceConfiguration!.trunkId, 'trunk-restart');
  });
});
