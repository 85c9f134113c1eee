import assert from 'node:assert/strict';
import { test } from 'node:test';
import { progressLine } from './progress.js';

test('each phase is one line with its counts', () => {
  assert.equal(
    progressLine({ phase: 'start', pairs: 635, regions: 245, expected: 734_002 }),
    'First start: the inventory has up to 734,002 numbers for 635 region/type pairs in 245 regions',
  );
  assert.equal(
    progressLine({ phase: 'loading', groups: 206, of: 206 }),
    '  loading 206 of 206 calling-code groups in the background (+1 first); a request for a group not loaded yet loads it first',
  );
  assert.equal(
    progressLine({ phase: 'numbers', written: 100_000, expected: 734_002 }),
    '  numbers written: 100,000 (of at most 734,002)',
  );
  assert.equal(
    progressLine({ phase: 'ready', total: 733_202, ms: 11_460 }),
    'Inventory ready: 733,202 numbers (all loaded in 11.5 s)',
  );
});
