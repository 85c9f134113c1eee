import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { MIGRATIONS_DIR } from '../../paths.js';
import { applyMigrations } from '../db/migrate.js';
import type { Db } from '../db/port.js';
import { sqliteDb } from '../db/sqlite.js';
import { PRUNE_CHUNK, pruneSearchChanges, type SearchChange, searchChanges } from './searchChanges.js';

// The SQLite change log of migration 0013, written by its triggers on a real (in-memory) database.
describe('search change log (SQLite)', () => {
  let db: Db;
  const setStatus = (e164: string, status: string) =>
    db.run('UPDATE phone_numbers SET status = $1 WHERE e164 = $2', [status, e164]);

  beforeEach(async () => {
    db = sqliteDb(new Database(':memory:'));
    await applyMigrations(db, MIGRATIONS_DIR.sqlite);
    for (const e164 of ['+441000', '+441001', '+441002'])
      await db.run(
        "INSERT INTO phone_numbers (e164, region_code, number_type, capabilities) VALUES ($1, 'GB', 'LOCAL', 3)",
        [e164],
      );
  });

  function follower() {
    const log = searchChanges(db);
    const seen: SearchChange[] = [];
    let forgotten = 0;
    const follow = () =>
      log.follow(
        (change) => seen.push(change),
        () => forgotten++,
      );
    return { log, seen, follow, forgotten: () => forgotten };
  }

  test('a number going on or off sale is logged; other status changes and inserts are not', async () => {
    const f = follower();
    await f.follow(); // starts at the end
    await setStatus('+441000', 'ACTIVE');
    await setStatus('+441000', 'RESERVED'); // still not for sale
    await setStatus('+441001', 'RESERVED');
    await setStatus('+441000', 'AVAILABLE');
    await f.follow();
    assert.deepEqual(
      f.seen.map((c) => [c.kind, c.e164, c.available]),
      [
        ['number', '+441000', false],
        ['number', '+441001', false],
        ['number', '+441000', true],
      ],
    );
    assert.deepEqual(
      f.seen.map((c) => c.seq),
      [1, 2, 3].map((i) => f.seen[0]!.seq + i - 1),
      'consecutive',
    );
  });

  test('products and KYC policies are logged as product changes of their pair', async () => {
    const f = follower();
    await f.follow();
    await db.run(
      `INSERT INTO products (region_code, number_type, currency_code, setup_price, monthly_price,
         payment_interval_months, capabilities, supporting_documentation_required)
       VALUES ('GB', 'LOCAL', 'GBP', '1', '2', 1, 3, 0)`,
    );
    await db.run("UPDATE products SET monthly_price = '3' WHERE region_code = 'GB'");
    await db.run(
      "INSERT INTO kyc_policies (region_code, number_type, version, document, created_at) VALUES ('FR', 'MOBILE', 1, '{}', 0)",
    );
    await f.follow();
    assert.deepEqual(
      f.seen.map((c) => [c.kind, c.regionCode, c.numberType]),
      [
        ['product', 'GB', 'LOCAL'],
        ['product', 'GB', 'LOCAL'],
        ['product', 'FR', 'MOBILE'],
      ],
    );
  });

  test("a pair's total changing (numbers joined it) is logged as a pair change", async () => {
    const f = follower();
    await f.follow();
    await db.run("INSERT INTO inventory_totals (region_code, number_type, total) VALUES ('GB', 'LOCAL', 3)");
    await db.run("UPDATE inventory_totals SET total = 3 WHERE region_code = 'GB'"); // unchanged
    await db.run("UPDATE inventory_totals SET total = 5 WHERE region_code = 'GB'");
    await f.follow();
    assert.deepEqual(
      f.seen.map((c) => [c.kind, c.regionCode, c.numberType]),
      [
        ['pair', 'GB', 'LOCAL'],
        ['pair', 'GB', 'LOCAL'],
      ],
    );
  });

  test('a rolled-back change leaves no row and no hole', async () => {
    const f = follower();
    await f.follow();
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.run("UPDATE phone_numbers SET status = 'ACTIVE' WHERE e164 = '+441000'");
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    await setStatus('+441001', 'ACTIVE');
    await f.follow();
    assert.deepEqual(
      f.seen.map((c) => c.e164),
      ['+441001'],
    );
    assert.equal(f.seen[0]!.seq, f.log.applied);
    assert.equal(f.forgotten(), 0);
  });

  test('rows pruned before a process read them: it forgets what it kept; pairChanges says so', async () => {
    const f = follower();
    await f.follow();
    const from = f.log.applied;
    await setStatus('+441000', 'ACTIVE');
    await setStatus('+441001', 'ACTIVE');
    await setStatus('+441002', 'ACTIVE');
    assert.equal(
      (await f.log.pairChanges('GB', 'LOCAL', from, from + 3))?.length,
      3,
      'all there before pruning',
    );
    assert.equal(await pruneSearchChanges(db, 1), 2);
    assert.equal(await f.log.pairChanges('GB', 'LOCAL', from, from + 3), undefined);
    await f.follow();
    assert.equal(f.forgotten(), 1);
    assert.equal(f.log.applied, from + 3);
    await setStatus('+441002', 'AVAILABLE');
    await f.follow();
    assert.equal(f.forgotten(), 1);
    assert.deepEqual(f.seen.at(-1)?.e164, '+441002');
  });

  test('pruning keeps the last row at least, and deletes PRUNE_CHUNK rows at most per call', async () => {
    const f = follower();
    await f.follow();
    const from = f.log.applied;
    await db.run(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
       INSERT INTO search_changes (kind, region_code, number_type) SELECT 'product', 'GB', 'LOCAL' FROM n`,
      [PRUNE_CHUNK + 10],
    );
    assert.equal(await pruneSearchChanges(db, 0), PRUNE_CHUNK);
    assert.equal(await pruneSearchChanges(db, 0), 9, 'the last row stays');
    assert.equal(await pruneSearchChanges(db, 0), 0);
    await f.follow();
    assert.equal(f.forgotten(), 1);
    assert.equal(f.log.applied, from + PRUNE_CHUNK + 10);
  });

  test('two first reads at once: the later one applies what came after the earlier', async () => {
    const f = follower();
    // Started in one turn: each statement runs when called (no transaction is open), so the
    // second read sees the change and the first does not; both are applied after.
    const first = f.follow();
    const change = setStatus('+441000', 'ACTIVE');
    const second = f.follow();
    await Promise.all([first, change, second]);
    assert.deepEqual(
      f.seen.map((c) => c.e164),
      ['+441000'],
    );
  });
});
