import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addMonths, toWireTime } from './time.js';

test('toWireTime: RFC 3339 UTC with six fractional digits; null stays null', () => {
  assert.equal(toWireTime(Date.UTC(2026, 10, 30, 9, 5, 22, 937)), '2026-11-30T09:05:22.937000Z');
  assert.equal(toWireTime(0), '1970-01-01T00:00:00.000000Z');
  assert.equal(toWireTime(null), null);
});

test('toWireTime: the same answer again, and for more instants than it remembers', () => {
  const base = Date.UTC(2026, 0, 1);
  for (let round = 0; round < 2; round++)
    for (let i = 0; i < 25_000; i += 7) {
      const ms = base + i * 1001;
      assert.equal(toWireTime(ms), `${new Date(ms).toISOString().slice(0, -1)}000Z`);
    }
});

test('addMonths: calendar months in UTC, clamped to the last day of the month', () => {
  assert.equal(addMonths(Date.UTC(2026, 0, 31, 12), 1), Date.UTC(2026, 1, 28, 12));
  assert.equal(addMonths(Date.UTC(2028, 0, 31), 1), Date.UTC(2028, 1, 29));
  assert.equal(addMonths(Date.UTC(2026, 10, 30), 3), Date.UTC(2027, 1, 28));
  assert.equal(addMonths(Date.UTC(2026, 4, 15), 12), Date.UTC(2027, 4, 15));
});
