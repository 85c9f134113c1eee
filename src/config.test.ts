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

test('qualified numbers: the eligibility delay and the voice challenge webhook', () => {
  assert.equal(loadConfig({}).qualificationDelaySeconds, 60);
  assert.equal(loadConfig({ OPEN_NUMBERS_QUALIFICATION_DELAY_SECONDS: '5' }).qualificationDelaySeconds, 5);
  assert.throws(() => loadConfig({ OPEN_NUMBERS_QUALIFICATION_DELAY_SECONDS: '-1' }), ConfigError);
  assert.equal(loadConfig({}).voiceChallengeWebhook, undefined);
  const url = 'https://voice.example.com/challenge';
  assert.equal(loadConfig({ OPEN_NUMBERS_VOICE_CHALLENGE_WEBHOOK: url }).voiceChallengeWebhook, url);
  assert.throws(() => loadConfig({ OPEN_NUMBERS_VOICE_CHALLENGE_WEBHOOK: 'ftp://x' }), ConfigError);
  assert.throws(() => loadConfig({ OPEN_NUMBERS_VOICE_CHALLENGE_WEBHOOK: 'not a url' }), ConfigError);
});
