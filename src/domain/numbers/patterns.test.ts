import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../errors.js';
import { matchesPattern, parseNumberPattern, prefixUpperBound } from './patterns.js';

test('no pattern means no filter', () => {
  assert.equal(parseNumberPattern(undefined, 'END'), undefined);
  assert.equal(parseNumberPattern('', undefined), undefined);
});

test('searchPattern defaults to START and accepts CONTAIN as CONTAINS', () => {
  assert.deepEqual(parseNumberPattern('+1206', undefined), { pattern: '+1206', searchPattern: 'START' });
  assert.deepEqual(parseNumberPattern('555', 'CONTAIN'), { pattern: '555', searchPattern: 'CONTAINS' });
  assert.deepEqual(parseNumberPattern('555', 'contains'), { pattern: '555', searchPattern: 'CONTAINS' });
});

test('a leading space is a + that a query string decoded', () => {
  assert.deepEqual(parseNumberPattern(' 1415', 'START'), { pattern: '+1415', searchPattern: 'START' });
});

test('letters and unknown search patterns are refused', () => {
  assert.throws(() => parseNumberPattern('12a', 'START'), ApiError);
  assert.throws(() => parseNumberPattern('12', 'MIDDLE'), ApiError);
});

test('patterns match the full E.164 string, including its +', () => {
  const number = '+13072074530';
  assert.equal(matchesPattern(number, { pattern: '+1307', searchPattern: 'START' }), true);
  assert.equal(matchesPattern(number, { pattern: '1307', searchPattern: 'START' }), false);
  assert.equal(matchesPattern(number, { pattern: '4530', searchPattern: 'END' }), true);
  assert.equal(matchesPattern(number, { pattern: '0720', searchPattern: 'CONTAINS' }), true);
});

test('index helpers', () => {
  assert.equal(prefixUpperBound('+1206'), '+1207');
  assert.equal(prefixUpperBound('+1209'), '+120:');
});
