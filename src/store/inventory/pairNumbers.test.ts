import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mulberry32 } from '../../domain/inventory/seededRandom.js';
import { matchesPattern, type NumberPattern } from '../../domain/numbers/patterns.js';
import { PairNumbers, type PairRow, TRIGRAM_MIN_NUMBERS } from './pairNumbers.js';

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

describe('PairNumbers.available', () => {
  const all = pairRows(3000, 11);
  // Every third number is not for sale when the copy is made.
  const rows = all.map((r, i) => ({ ...r, available: i % 3 !== 0 }));
  const kinds: NumberPattern[] = [
    { pattern: '+44', searchPattern: 'START' },
    { pattern: '+4412', searchPattern: 'START' },
    { pattern: '+449', searchPattern: 'START' },
    { pattern: '+4', searchPattern: 'START' },
    { pattern: '44', searchPattern: 'START' },
    { pattern: '+45', searchPattern: 'START' },
    { pattern: all[1500]!.e164, searchPattern: 'START' },
    { pattern: all[1500]!.e164, searchPattern: 'END' },
    { pattern: all[0]!.e164, searchPattern: 'END' },
    { pattern: '+44000', searchPattern: 'END' },
    { pattern: '07', searchPattern: 'END' },
    { pattern: '123', searchPattern: 'CONTAINS' },
    { pattern: '+447', searchPattern: 'CONTAINS' },
  ];

  /** The definition: the store's search statement, row by row. */
  function expected(
    list: readonly PairRow[],
    pattern: NumberPattern | undefined,
    masks: number[] | undefined,
    limit: number,
  ) {
    return list
      .filter((r) => r.available !== false && (!masks || masks.includes(r.capabilities)))
      .filter((r) => !pattern || matchesPattern(r.e164, pattern))
      .slice(0, limit)
      .map(({ id, e164, capabilities }) => ({ id, e164, capabilities }));
  }

  for (const trigramMin of [100, TRIGRAM_MIN_NUMBERS]) {
    const numbers = new PairNumbers(rows, trigramMin);
    for (const pattern of [undefined, ...kinds]) {
      test(`${pattern ? `${pattern.searchPattern} "${pattern.pattern}"` : 'no pattern'} (${trigramMin === 100 ? 'trigrams' : 'scan'}): the first for sale, in e164 order`, () => {
        for (const [masks, limit] of [
          [undefined, 10],
          [[2, 3], 7],
          [undefined, 5000],
          [[1], 1],
        ] as const) {
          assert.deepEqual(
            numbers.available(pattern, masks && [...masks], limit),
            expected(rows, pattern, masks && [...masks], limit),
          );
        }
      });
    }
  }

  test('setAvailable takes a number out of the results and puts it back; unknown numbers are ignored', () => {
    const numbers = new PairNumbers(rows);
    const start = { pattern: '+441', searchPattern: 'START' } as const;
    const before = numbers.available(start, undefined, 3);
    assert.equal(before.length, 3);
    numbers.setAvailable(before[0]!.e164, false);
    numbers.setAvailable('+4400000000000', true);
    numbers.setAvailable('+1', false);
    assert.deepEqual(
      numbers.available(start, undefined, 2).map((r) => r.e164),
      before.slice(1).map((r) => r.e164),
    );
    const sold = rows.find((r) => r.available === false && r.e164.startsWith('+441'))!;
    numbers.setAvailable(sold.e164, true);
    numbers.setAvailable(before[0]!.e164, true);
    const changed = rows.map((r) => (r.e164 === sold.e164 ? { ...r, available: true } : r));
    assert.deepEqual(numbers.available(start, undefined, 50), expected(changed, start, undefined, 50));
  });

  test('a limit of 0, an empty pattern and an empty pair find nothing', () => {
    assert.deepEqual(new PairNumbers(rows).available(undefined, undefined, 0), []);
    for (const searchPattern of ['START', 'CONTAINS', 'END'] as const)
      assert.deepEqual(new PairNumbers(rows).available({ pattern: '', searchPattern }, undefined, 5), []);
    assert.deepEqual(
      new PairNumbers([]).available({ pattern: '+44', searchPattern: 'START' }, undefined, 5),
      [],
    );
  });
});
