import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { type Listening, listen } from '../../src/listen.js';
import { startTestApp, type TestApp } from '../helpers/testApp.js';

// OPEN_NUMBERS_IMPORTED_PORT: the Imported Numbers API alone at the root of a second port, over
// real HTTP, sharing the runtime (one store) with the main port.
let t: TestApp;
let servers: Listening;
let main: string;
let imported: string;
before(async () => {
  t = await startTestApp();
  servers = await listen(t.runtime.deps, { host: '127.0.0.1', port: 0, importedPort: 0 });
  [main, imported] = servers.addresses as [string, string];
});
after(async () => {
  await servers.close();
  await t.close();
});

const send = (base: string, path: string, init: RequestInit = {}) =>
  fetch(`${base}${path}`, {
    ...init,
    headers: { authorization: t.auth, 'content-type': 'application/json', ...init.headers },
  });

test('the config reads OPEN_NUMBERS_IMPORTED_PORT; unset means one port', () => {
  assert.equal(loadConfig({ OPEN_NUMBERS_IMPORTED_PORT: '8081' }).importedPort, 8081);
  assert.equal(loadConfig({}).importedPort, undefined);
  assert.throws(() => loadConfig({ OPEN_NUMBERS_IMPORTED_PORT: 'x' }), /OPEN_NUMBERS_IMPORTED_PORT/);
});

test('an import on the second port is seen under /imported on the main port', async () => {
  const body = JSON.stringify({
    phoneNumber: '+12025550177',
    regionCode: 'US',
    smsConfiguration: { servicePlanId: 'plan-1' },
  });
  const created = await send(imported, '/v1/projects/project-a/importedNumbers', { method: 'POST', body });
  assert.equal(created.status, 200, await created.clone().text());
  const seen = await send(main, '/imported/v1/projects/project-a/importedNumbers/+12025550177');
  assert.equal(seen.status, 200);
  assert.equal((await seen.json()).phoneNumber, '+12025550177');
  assert.equal((await send(imported, '/healthz')).status, 200);
});

test('the second port serves only the Imported Numbers API, with its flat errors and auth', async () => {
  const numbers = await send(imported, '/v1/projects/project-a/activeNumbers');
  assert.equal(numbers.status, 404);
  assert.deepEqual(Object.keys(await numbers.json()), ['code', 'message', 'status', 'details']);
  const anonymous = await send(imported, '/v1/projects/project-a/importedNumbers', {
    headers: { authorization: '' },
  });
  assert.equal(anonymous.status, 401);
  assert.equal((await anonymous.json()).code, '401');
  const forbidden = await send(imported, '/v1/projects/project-a/importedNumbers', {
    headers: { authorization: t.other.auth },
  });
  assert.equal(forbidden.status, 403);
  const missing = await send(imported, '/v1/projects/project-a/importedNumbers/+12065550100');
  assert.deepEqual(await missing.json(), {
    code: '404',
    message: 'The imported number could not be found.',
    status: 'NOT_FOUND',
    details: [
      {
        type: 'ResourceInfo',
        resourceType: 'ImportedNumber',
        resourceName: '+12065550100',
        owner: '',
        description: 'The imported number could not be found.',
      },
    ],
  });
});
