import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

test('ports: in range, and the imported port apart from the main one', () => {
  assert.equal(loadConfig({ PORT: '9000', OPEN_NUMBERS_IMPORTED_PORT: '9001' }).importedPort, 9001);
  assert.equal(loadConfig({}).importedPort, undefined);
  assert.throws(() => loadConfig({ PORT: '70000' }), ConfigError);
  assert.throws(
    () => loadConfig({ PORT: '9000', OPEN_NUMBERS_IMPORTED_PORT: '9000' }),
    /must differ from PORT/,
  );
});

test('trust proxy: off by default, true, or a list of addresses and CIDRs', () => {
  assert.equal(loadConfig({}).trustProxy, false);
  assert.equal(loadConfig({ OPEN_NUMBERS_TRUST_PROXY: 'true' }).trustProxy, true);
  assert.deepEqual(loadConfig({ OPEN_NUMBERS_TRUST_PROXY: '10.0.0.0/8, ::1,loopback' }).trustProxy, [
    '10.0.0.0/8',
    '::1',
    'loopback',
  ]);
  assert.throws(() => loadConfig({ OPEN_NUMBERS_TRUST_PROXY: 'garbage' }), /OPEN_NUMBERS_TRUST_PROXY/);
});
