import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sharedSqliteFile } from '../../../test/helpers/sqliteFile.js';
import type { NumberType, Product } from '../../domain/inventory/products.js';
import type { Db } from '../db/port.js';
import { containsIndex } from './containsIndex.js';
import { changeFeed, pruneSearchChanges } from './searchChanges.js';

// The in-memory search of a SQLite store against a second connection to the same file (another
// process): the moments where a change lands between two of its statements.
describe('in-memory search kept current by the change log (SQLite, two connections)', () => {
  let removeFile: () => void;
  let mine: Db;
  let theirs: Db;
  /** Runs once, right after the next statement that loads a pair, before the load goes on. */
  let afterPairLoad: (() => Promise<void>) | undefined;
  let index: ReturnType<typeof containsIndex>;

  const LOCAL = Array.from({ length: 10 }, (_, i) => `+44100${i}`);
  const MOBILE = Array.from({ length: 10 }, (_, i) => `+44700${i}`);
  const search = (numberType: NumberType) =>
    index
      .searchAvailable({ regionCode: 'GB', numberType, limit: 100 })
      .then((rows) => rows!.map((r) => r.e164));
  const take = (e164: string) =>
    theirs.run("UPDATE phone_numbers SET status = 'ACTIVE' WHERE e164 = $1", [e164]);

  before(async () => {
    const file = await sharedSqliteFile('contains-index-');
    const connection = file.mine;
    theirs = file.theirs;
    removeFile = file.remove;
    for (const [numberType, numbers] of [
      ['LOCAL', LOCAL],
      ['MOBILE', MOBILE],
    ] as const) {
      for (const e164 of numbers)
        await theirs.run(
          "INSERT INTO phone_numbers (e164, region_code, number_type, capabilities) VALUES ($1, 'GB', $2, 3)",
          [e164, numberType],
        );
      await theirs.run(
        "INSERT INTO inventory_totals (region_code, number_type, total) VALUES ('GB', $1, 10)",
        [numberType],
      );
    }
    // This process's handle, with a hook after the statement that loads a pair and reads the log's end.
    mine = {
      ...connection,
      async all<T>(sql: string, params?: unknown[]) {
        const rows = await connection.all<T>(sql, params);
        if (afterPairLoad && sql.includes('FROM search_changes') && sql.includes('FROM phone_numbers')) {
          const hook = afterPairLoad;
          afterPairLoad = undefined;
          await hook();
        }
        return rows;
      },
    };
    index = containsIndex(mine, changeFeed(mine));
  });
  after(() => removeFile());

  test('a pair loaded while changes are applied to the others is caught up before it answers', async () => {
    assert.deepEqual(await search('LOCAL'), LOCAL);
    // MOBILE's copy is read; before it is installed, another process takes one of its numbers and
    // a search of LOCAL applies that change (to the copies installed, MOBILE not among them).
    afterPairLoad = async () => {
      await take(MOBILE[3]!);
      assert.deepEqual(await search('LOCAL'), LOCAL);
    };
    assert.deepEqual(
      await search('MOBILE'),
      MOBILE.filter((n) => n !== MOBILE[3]),
    );
    assert.equal(afterPairLoad, undefined, 'the hook ran');
  });

  test('rows pruned before this process read them: it reads the pairs again', async () => {
    assert.deepEqual(await search('LOCAL'), LOCAL);
    await take(LOCAL[2]!);
    await take(LOCAL[5]!);
    // The first of the two rows goes before this process reads it.
    assert.equal((await pruneSearchChanges(theirs, 1)) > 0, true);
    assert.deepEqual(
      await search('LOCAL'),
      LOCAL.filter((n) => n !== LOCAL[2] && n !== LOCAL[5]),
    );
  });

  test('products: one is remembered until the log says it changed; a pair without one is read each time', async () => {
    await theirs.run(
      `INSERT INTO products (region_code, number_type, currency_code, setup_price, monthly_price,
         payment_interval_months, capabilities, supporting_documentation_required)
       VALUES ('GB', 'LOCAL', 'GBP', '1.00', '1.00', 1, 3, 0)`,
    );
    const reads: string[] = [];
    const read = (regionCode: string, numberType: NumberType) => async () => {
      reads.push(`${regionCode}/${numberType}`);
      const row = await mine.get<{ monthly_price: string }>(
        'SELECT monthly_price FROM products WHERE region_code = $1 AND number_type = $2',
        [regionCode, numberType],
      );
      return row && ({ monthlyPrice: row.monthly_price, capabilities: ['VOICE'] } as unknown as Product);
    };
    const price = async (numberType: NumberType) =>
      (await index.product('GB', numberType, read('GB', numberType)))?.monthlyPrice;
    assert.equal(await price('LOCAL'), '1.00');
    assert.equal(await price('LOCAL'), '1.00');
    assert.equal(await price('TOLL_FREE'), undefined);
    assert.equal(await price('TOLL_FREE'), undefined);
    await theirs.run("UPDATE products SET monthly_price = '2.00' WHERE region_code = 'GB'");
    assert.equal(await price('LOCAL'), '2.00');
    assert.deepEqual(reads, ['GB/LOCAL', 'GB/TOLL_FREE', 'GB/TOLL_FREE', 'GB/LOCAL']);
    const shared = await index.product('GB', 'LOCAL', read('GB', 'LOCAL'));
    assert.ok(Object.isFrozen(shared) && Object.isFrozen(shared?.capabilities), 'shared, so frozen');
  });
});
