import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sharedSqliteFile } from '../../../test/helpers/sqliteFile.js';
import { productFor } from '../../domain/inventory/products.js';
import { type ActiveNumberRecord, newActiveNumber } from '../../domain/numbers/activeNumber.js';
import type { Db } from '../db/port.js';
import { containsIndex } from '../inventory/containsIndex.js';
import { changeFeed, pruneSearchChanges } from '../inventory/searchChanges.js';
import { sqliteDialect } from '../sqlite/dialect.js';
import { activeCache } from './activeCache.js';
import type { ActiveListQuery, NumbersPort } from './port.js';
import { numbersStore, writeActive } from './sql.js';

// Active numbers kept in memory by a SQLite store, against a second connection to the same file
// (another process) that writes them: what each read costs, and the moments where a write lands
// between two of its statements.
describe('active numbers kept in memory (SQLite, two connections)', () => {
  const PROJECT = 'project-a';
  const NUMBERS = Array.from({ length: 6 }, (_, i) => `+4420700000${i}`);
  const KEPT = 4;
  let removeFile: () => void;
  let mine: Db;
  let theirs: Db;
  let numbers: NumbersPort;
  /** Statements this process ran on `active_numbers`, since the last reset. */
  let reads: string[] = [];
  /** Runs once, right after the next statement of this process that `match`es. */
  let hook: { match: RegExp; run: () => Promise<void> } | undefined;

  const recordOf = (e164: string, displayName = ''): ActiveNumberRecord => ({
    ...newActiveNumber(
      PROJECT,
      { id: NUMBERS.indexOf(e164) + 1, e164, regionCode: 'GB', numberType: 'LOCAL', capabilities: 3 },
      productFor('GB', 'LOCAL'),
      0,
    ),
    displayName,
  });
  /** Another process writes the number's row: inserts it, or renames it. */
  const write = (e164: string, displayName: string, insert = false) =>
    theirs.transaction((tx) =>
      writeActive(tx, { record: recordOf(e164, displayName), jobs: [] }, NUMBERS.indexOf(e164) + 1, insert),
    );
  const remove = async (e164: string) => {
    await theirs.run('DELETE FROM active_numbers WHERE phone_number = $1', [e164]);
  };
  const list = (limit = 10): ActiveListQuery => ({
    projectId: PROJECT,
    orderBy: 'phoneNumber',
    limit,
    now: 0,
  });
  const names = async (query = list()) =>
    (await numbers.listActive(query)).records.map((r) => `${r.phoneNumber}:${r.displayName}`);

  before(async () => {
    const file = await sharedSqliteFile('active-cache-');
    const connection = file.mine;
    theirs = file.theirs;
    removeFile = file.remove;
    for (const e164 of NUMBERS)
      await theirs.run(
        "INSERT INTO phone_numbers (e164, region_code, number_type, capabilities, status) VALUES ($1, 'GB', 'LOCAL', 3, 'ACTIVE')",
        [e164],
      );
    const counted = async <T>(sql: string, run: () => Promise<T>) => {
      const result = await run();
      if (sql.includes('FROM active_numbers')) reads.push(sql);
      const next = hook;
      if (next?.match.test(sql)) {
        hook = undefined;
        await next.run();
      }
      return result;
    };
    mine = {
      ...connection,
      get: <T>(sql: string, params?: unknown[]) => counted(sql, () => connection.get<T>(sql, params)),
      all: <T>(sql: string, params?: unknown[]) => counted(sql, () => connection.all<T>(sql, params)),
    };
    const feed = changeFeed(mine);
    numbers = numbersStore(mine, sqliteDialect, containsIndex(mine, feed), activeCache(feed, KEPT));
  });
  after(() => removeFile());
  beforeEach(async () => {
    await theirs.run('DELETE FROM active_numbers');
    for (const e164 of NUMBERS.slice(0, 3)) await write(e164, 'first', true);
    reads = [];
  });

  test('a number read once is read again without a statement, until another process writes it', async () => {
    const [a] = NUMBERS;
    assert.equal((await numbers.getActive(PROJECT, a!))?.displayName, 'first');
    assert.equal(reads.length, 1);
    assert.equal((await numbers.getActive(PROJECT, a!))?.displayName, 'first');
    assert.equal(reads.length, 1, 'kept');
    assert.equal(await numbers.getActive('project-b', a!), undefined, 'one row per number: not project-b’s');
    assert.equal(reads.length, 1);

    await write(a!, 'second');
    assert.equal((await numbers.getActive(PROJECT, a!))?.displayName, 'second');
    assert.equal(reads.length, 2, 'read again after the write');
    await remove(a!);
    assert.equal(await numbers.getActive(PROJECT, a!), undefined);
  });

  test('a record read while another process writes it is not kept', async () => {
    const [a, b] = NUMBERS;
    // Between the read of `a` and its return, another process renames it and a read of `b`
    // applies that change: the record read before it must not be kept.
    hook = {
      match: /^SELECT record FROM active_numbers/,
      run: async () => {
        await write(a!, 'second');
        await numbers.getActive(PROJECT, b!);
      },
    };
    assert.equal((await numbers.getActive(PROJECT, a!))?.displayName, 'first');
    assert.equal(hook, undefined, 'the hook ran');
    assert.equal((await numbers.getActive(PROJECT, a!))?.displayName, 'second');
  });

  test('a page takes the numbers kept from memory and reads the others in one statement', async () => {
    const [a, b, c] = NUMBERS;
    await numbers.getActive(PROJECT, b!);
    reads = [];
    assert.deepEqual(await names(), [`${a}:first`, `${b}:first`, `${c}:first`]);
    assert.equal(reads.length, 3, 'the count, the page’s numbers, the records of a and c');
    reads = [];
    await names();
    assert.equal(reads.length, 2, 'the count and the page’s numbers');

    await write(c!, 'second');
    await write(NUMBERS[3]!, 'new', true);
    assert.deepEqual(await names(), [`${a}:first`, `${b}:first`, `${c}:second`, `${NUMBERS[3]}:new`]);
    assert.equal((await numbers.listActive(list())).totalSize, 4);
  });

  test('a number that leaves the page between its statements: the page is read again, whole', async () => {
    const [a, b, c] = NUMBERS;
    await numbers.getActive(PROJECT, a!);
    // After the page's numbers were read, before the records of those not kept (b and c).
    hook = { match: /^SELECT phone_number FROM active_numbers/, run: () => remove(c!) };
    reads = [];
    assert.deepEqual(await names(), [`${a}:first`, `${b}:first`]);
    assert.equal(hook, undefined, 'the hook ran');
    assert.equal(reads.length, 5, 'count, numbers, records (c gone), then count and page again');
    assert.equal((await numbers.listActive(list())).totalSize, 2);
  });

  test(`at most ${KEPT} numbers are kept, the least recently read going first`, async () => {
    for (const e164 of NUMBERS.slice(3)) await write(e164, 'first', true);
    for (const e164 of NUMBERS.slice(0, KEPT)) await numbers.getActive(PROJECT, e164);
    await numbers.getActive(PROJECT, NUMBERS[0]!); // now the most recent
    reads = [];
    await numbers.getActive(PROJECT, NUMBERS[4]!); // NUMBERS[1] goes
    assert.equal(reads.length, 1);
    for (const e164 of [NUMBERS[0], NUMBERS[2], NUMBERS[3], NUMBERS[4]])
      await numbers.getActive(PROJECT, e164!);
    assert.equal(reads.length, 1, 'those four are kept');
    await numbers.getActive(PROJECT, NUMBERS[1]!);
    assert.equal(reads.length, 2, 'NUMBERS[1] was not');
  });

  test('rows of the log pruned before this process read them: every number is read again', async () => {
    const [a, b] = NUMBERS;
    await numbers.getActive(PROJECT, a!);
    await write(b!, 'second');
    await write(b!, 'third');
    assert.ok((await pruneSearchChanges(theirs, 1)) > 0);
    reads = [];
    assert.equal((await numbers.getActive(PROJECT, a!))?.displayName, 'first');
    assert.equal(reads.length, 1, 'read again');
  });

  test('kept records are shared by every reader, so frozen', async () => {
    const record = await numbers.getActive(PROJECT, NUMBERS[0]!);
    assert.ok(record);
    assert.throws(() => {
      (record as { displayName: string }).displayName = 'changed';
    }, TypeError);
    assert.throws(() => {
      (record.sms as { servicePlanId: string }).servicePlanId = 'changed';
    }, TypeError);
  });
});
