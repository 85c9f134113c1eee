import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSecretBox } from './secretBox.js';

test('a sealed secret opens with the same key and hides the plain text', () => {
  const box = createSecretBox('key material');
  const sealed = box.seal('strongPa$$PhraseWith36CharactersMax');
  assert.ok(!sealed.includes('strongPa'));
  assert.notEqual(sealed, box.seal('strongPa$$PhraseWith36CharactersMax'), 'a fresh IV every time');
  assert.equal(box.open(sealed), 'strongPa$$PhraseWith36CharactersMax');
});

test('another key, or a tampered value, cannot open it', () => {
  const sealed = createSecretBox('a').seal('secret');
  assert.throws(() => createSecretBox('b').open(sealed));
  const parts = sealed.split('.');
  parts[3] = Buffer.from('other').toString('base64url');
  assert.throws(() => createSecretBox('a').open(parts.join('.')));
});
