import assert from 'node:assert/strict';
import { test } from 'node:test';
import { counted, progressLine } from './progress.js';

test('counted passes every item through, reports every n items and once at the end', () => {
  const counts: number[] = [];
  const ends: number[] = [];
  const items = [
    ...counted(
      [1, 2, 3, 4, 5],
      2,
      (c) => counts.push(c),
      (c) => ends.push(c),
    ),
  ];
  assert.deepEqual(items, [1, 2, 3, 4, 5]);
  assert.deepEqual(counts, [2, 4]);
  assert.deepEqual(ends, [5]);
});

test('each phase is one line with its counts', () => {
  assert.equal(
    progressLine({ phase: 'start', pairs: 635, regions: 245, expected: 734_002 }),
    'First start: generating the inventory, up to 734,002 numbers for 635 region/type pairs in 245 regions',
  );
  assert.equal(
    progressLine({ phase: 'numbers', written: 100_000, expected: 734_002 }),
    '  numbers written: 100,000 (of at most 734,002)',
  );
  assert.equal(
    progressLine({ phase: 'indexing', written: 733_202 }),
    '  all 733,202 numbers written; building the search index',
  );
  assert.equal(
    progressLine({ phase: 'ready', written: 733_202, ms: 11_460 }),
    'Inventory ready: 733,202 numbers in 11.5 s',
  );
});
