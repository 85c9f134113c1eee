import assert from 'node:assert/strict';
import { test } from 'node:test';
import { availableCpus, ConfigError, loadConfig } from './config.js';

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

test('hosting orders: step time, SMTP URL, From address, public URL of mailed links', () => {
  const defaults = loadConfig({});
  assert.equal(defaults.hostingStepSeconds, 60);
  assert.equal(defaults.smtpUrl, undefined);
  assert.equal(defaults.publicUrl, 'http://127.0.0.1:8080');
  assert.equal(loadConfig({ HOST: '0.0.0.0', PORT: '9000' }).publicUrl, 'http://0.0.0.0:9000');
  const set = loadConfig({
    OPEN_NUMBERS_HOSTING_STEP_SECONDS: '5',
    OPEN_NUMBERS_SMTP_URL: 'smtps://u:p@mail.example:465',
    OPEN_NUMBERS_MAIL_FROM: 'LOA <loa@example.com>',
    OPEN_NUMBERS_PUBLIC_URL: 'https://numbers.example/',
  });
  assert.equal(set.hostingStepSeconds, 5);
  assert.equal(set.smtpUrl, 'smtps://u:p@mail.example:465');
  assert.equal(set.mailFrom, 'LOA <loa@example.com>');
  assert.equal(set.publicUrl, 'https://numbers.example');
  assert.throws(() => loadConfig({ OPEN_NUMBERS_SMTP_URL: 'http://mail' }), /OPEN_NUMBERS_SMTP_URL/);
  assert.throws(() => loadConfig({ OPEN_NUMBERS_PUBLIC_URL: 'numbers.example' }), /OPEN_NUMBERS_PUBLIC_URL/);
  assert.throws(
    () => loadConfig({ OPEN_NUMBERS_HOSTING_STEP_SECONDS: '-1' }),
    /OPEN_NUMBERS_HOSTING_STEP_SECONDS/,
  );
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

test('the web console: on in the sandbox, off in operator mode unless OPEN_NUMBERS_CONSOLE=true', () => {
  assert.equal(loadConfig({}).console, true);
  assert.equal(loadConfig({ OPEN_NUMBERS_CONSOLE: 'false' }).console, false);
  assert.equal(loadConfig({ OPEN_NUMBERS_MODE: 'operator' }).console, false);
  assert.equal(loadConfig({ OPEN_NUMBERS_MODE: 'operator', OPEN_NUMBERS_CONSOLE: 'true' }).console, true);
  assert.throws(() => loadConfig({ OPEN_NUMBERS_CONSOLE: 'maybe' }), /OPEN_NUMBERS_CONSOLE/);
});

test('processes: 1 by default, a count, or auto (the CPUs this process may use)', () => {
  assert.equal(loadConfig({}).processes, 1);
  assert.equal(loadConfig({ OPEN_NUMBERS_PROCESSES: '3' }).processes, 3);
  assert.equal(loadConfig({ OPEN_NUMBERS_PROCESSES: 'auto' }).processes, availableCpus());
  for (const raw of ['0', '-1', '1.5', 'two', '65']) {
    assert.throws(() => loadConfig({ OPEN_NUMBERS_PROCESSES: raw }), ConfigError, raw);
  }
});
