import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mulberry32 } from '../../domain/inventory/seededRandom.js';
import { PairNumbers, type PairRow } from './pairNumbers.js';

/** Random numbers of one calling code, unique, in e164 order, with ids in random order. */
function pairRows(count: number, seed = 7): PairRow[] {
  const random = mulberry32(seed);
  const e164s = new Set<string>();
  while (e164s.size < count) {
    let digits = '';
    const length = 7 + Math.floor(random() * 4);
    for (let i = 0; i < length; i++) digits += Math.floor(random() * 10);
    e164s.add(`+44${digits}`);
  }
  return [...e164s].sort().map((e164, i) => ({
    id: ((i * 7919) % (count * 3)) + 1,
    e164,
    capabilities: 1 + Math.floor(random() * 3),
  }));
}

/** What a CONTAINS (or END) search must find: the definition, row by row. */
function oracle(rows: PairRow[], pattern: string, masks?: number[], end = false): number[] {
  return rows
    .filter((r) => (end ? r.e164.endsWith(pattern) : r.e164.includes(pattern)))
    .filter((r) => !masks || masks.includes(r.capabilities))
    .map((r) => r.id);
}

const PATTERNS = [
  '4',
  '07',
  '123',
  '4455',
  '99',
  '+44',
  '+447',
  '+4412',
  '0000',
  '98765',
  '4+4',
  '+',
  '5'.repeat(12),
];

describe('PairNumbers.matches', () => {
  const rows = pairRows(3000);
  // The same rows scanned, and through trigram posting lists (a threshold below their count).
  const scanned = new PairNumbers(rows);
  const indexed = new PairNumbers(rows, 100);

  for (const pattern of PATTERNS) {
    test(`"${pattern}": every match in e164 order, by scan and by trigrams`, () => {
      const expected = oracle(rows, pattern);
      assert.deepEqual([...scanned.matches(pattern, false)], expected);
      assert.deepEqual([...indexed.matches(pattern, false)], expected);
    });
  }

  for (const pattern of ['7', '07', '123', '4455', '98765', '+4412', '5'.repeat(12)]) {
    test(`END "${pattern}": every number ending with it, by scan and by trigrams`, () => {
      const expected = oracle(rows, pattern, undefined, true);
      assert.deepEqual([...scanned.matches(pattern, true)], expected);
      assert.deepEqual([...indexed.matches(pattern, true)], expected);
      assert.deepEqual([...indexed.matches(pattern, true, [1])], oracle(rows, pattern, [1], true));
    });
  }

  test('END finds a number whose pattern also occurs earlier in it', () => {
    const twice = new PairNumbers([{ id: 9, e164: '+441212', capabilities: 1 }], 0);
    assert.deepEqual(
      [...new PairNumbers([{ id: 9, e164: '+441212', capabilities: 1 }]).matches('12', true)],
      [9],
    );
    assert.deepEqual([...twice.matches('212', true)], [9]);
    assert.deepEqual([...twice.matches('121', true)], []);
  });

  test('capability masks keep only the numbers with one of them', () => {
    for (const pattern of ['12', '345', '+44']) {
      const expected = oracle(rows, pattern, [2, 3]);
      assert.ok(expected.length > 0 && expected.length < oracle(rows, pattern).length);
      assert.deepEqual([...scanned.matches(pattern, false, [2, 3])], expected);
      assert.deepEqual([...indexed.matches(pattern, false, [2, 3])], expected);
    }
    assert.deepEqual([...indexed.matches('12', false, [])], []);
  });

  test('lazy: taking the first matches does not walk the rest', () => {
    const first = indexed.matches('1', false);
    assert.equal(first.next().value, oracle(rows, '1')[0]);
  });

  test('a number that repeats a gram is listed once', () => {
    const repeats = new PairNumbers(
      [
        { id: 1, e164: '+4412312312', capabilities: 3 },
        { id: 2, e164: '+4412399999', capabilities: 3 },
        { id: 3, e164: '+4455555555', capabilities: 3 },
      ],
      0,
    );
    assert.deepEqual([...repeats.matches('123', false)], [1, 2]);
    assert.deepEqual([...repeats.matches('5555', false)], [3]);
    assert.deepEqual([...repeats.matches('31231', false)], [1]);
  });

  test('rows out of order are refused', () => {
    assert.throws(
      () =>
        new PairNumbers([
          { id: 1, e164: '+442', capabilities: 1 },
          { id: 2, e164: '+441', capabilities: 1 },
        ]),
      /ascending e164 order/,
    );
  });

  test('an empty pair finds nothing', () => {
    assert.deepEqual([...new PairNumbers([]).matches('1', false)], []);
  });
});
