import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isInternalAddress, mayConnect, parseAllowList } from './addressGuard.js';

const operator = { allowInternal: false, allowList: [] };

test('loopback, private, link-local and mapped addresses are internal', () => {
  for (const address of [
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '::1',
    'fe80::1',
    'fd00::5',
    '::ffff:127.0.0.1',
    '0.0.0.0',
  ]) {
    assert.equal(isInternalAddress(address), true, address);
  }
  for (const address of ['93.184.216.34', '54.76.19.159', '2606:4700::1111'])
    assert.equal(isInternalAddress(address), false, address);
});

test('operator mode refuses internal targets unless allow-listed by host, IP or CIDR', () => {
  assert.equal(mayConnect(operator, 'localhost', '127.0.0.1'), false);
  assert.equal(mayConnect(operator, 'example.com', '93.184.216.34'), true);
  assert.equal(
    mayConnect(
      { allowInternal: false, allowList: parseAllowList('hooks.internal, 10.0.0.0/8') },
      'x',
      '10.9.9.9',
    ),
    true,
  );
  assert.equal(
    mayConnect(
      { allowInternal: false, allowList: parseAllowList('HOOKS.internal') },
      'hooks.internal',
      '192.168.0.7',
    ),
    true,
  );
  assert.equal(
    mayConnect(
      { allowInternal: false, allowList: parseAllowList('127.0.0.1') },
      'localhost',
      '::ffff:127.0.0.1',
    ),
    true,
  );
  assert.equal(
    mayConnect({ allowInternal: false, allowList: parseAllowList('10.0.0.0/8') }, 'x', '192.168.0.1'),
    false,
  );
});

test('sandbox mode allows localhost', () => {
  assert.equal(mayConnect({ allowInternal: true, allowList: [] }, 'localhost', '127.0.0.1'), true);
});
