import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import type { Db } from './port.js';
import { sqliteDb } from './sqlite.js';

describe('SQLite group commit (transaction with { group: true })', () => {
  let dir: string;
  let raw: Database.Database;
  /** Another connection to the file: sees only what was committed. */
  let reader: Database.Database;
  let db: Db;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'open-numbers-group-'));
    const file = join(dir, 'group.db');
    raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)');
    reader = new Database(file, { readonly: true });
    db = sqliteDb(raw);
  });
  after(() => {
    reader.close();
    raw.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const committed = () =>
    (reader.prepare('SELECT v FROM t ORDER BY v').all() as { v: string }[]).map((r) => r.v);

  test('started in one turn: one commit for all; a failure rolls back its own work only', async () => {
    const seenByOthers: string[][] = [];
    const failure = new Error('second fails');
    const settled = await Promise.allSettled([
      db.transaction(
        async (tx) => {
          await tx.run('INSERT INTO t (v) VALUES ($1)', ['a']);
          return 'first';
        },
        { group: true },
      ),
      db.transaction(
        async (tx) => {
          await tx.run('INSERT INTO t (v) VALUES ($1)', ['b']);
          throw failure;
        },
        { group: true },
      ),
      db.transaction(
        async (tx) => {
          // A unique violation: mapped like any store error, and only this one is rolled back.
          await tx.run('INSERT INTO t (v) VALUES ($1)', ['c']);
          await tx.run('INSERT INTO t (v) VALUES ($1)', ['a']);
        },
        { group: true },
      ),
      db.transaction(
        async (tx) => {
          // Still uncommitted here: the first one's row is not visible to another connection.
          seenByOthers.push(committed());
          assert.equal((await tx.all('SELECT v FROM t')).length, 1, 'this transaction sees the first row');
          await tx.run('INSERT INTO t (v) VALUES ($1)', ['d']);
          return 'fourth';
        },
        { group: true },
      ),
    ]);
    assert.deepEqual(
      seenByOthers,
      [[]],
      'the four shared one transaction: nothing was committed before the last ran',
    );
    assert.deepEqual(settled[0], { status: 'fulfilled', value: 'first' });
    assert.ok(settled[1].status === 'rejected' && settled[1].reason === failure);
    assert.equal(settled[2].status, 'rejected');
    assert.deepEqual(settled[3], { status: 'fulfilled', value: 'fourth' });
    assert.deepEqual(committed(), ['a', 'd']);
  });

  test('more than one group can hold (128): every one of 300 commits and gets its own result', async () => {
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        db.transaction(async (tx) => tx.run('INSERT INTO t (v) VALUES ($1)', [`many-${i}`]).then(() => i), {
          group: true,
        }),
      ),
    );
    assert.deepEqual(
      results,
      Array.from({ length: 300 }, (_, i) => i),
    );
    assert.equal(committed().filter((v) => v.startsWith('many-')).length, 300);
    raw.exec("DELETE FROM t WHERE v LIKE 'many-%'");
  });

  test('a group whose connection closed before it ran: every caller gets an error, none waits forever', async () => {
    const closing = new Database(join(dir, 'closing.db'));
    const closingDb = sqliteDb(closing);
    const pending = [1, 2].map(() =>
      closingDb.transaction(async (tx) => tx.exec('SELECT 1'), { group: true }),
    );
    closing.close();
    for (const p of pending) await assert.rejects(p, /not open/);
  });

  test('a grouped transaction waits for an open one, and statements wait for the group', async () => {
    let releaseOpen!: () => void;
    const open = db.transaction(async (tx) => {
      await tx.run('INSERT INTO t (v) VALUES ($1)', ['e']);
      await new Promise<void>((resolve) => {
        releaseOpen = resolve;
      });
    });
    const grouped = db.transaction(async (tx) => tx.run('INSERT INTO t (v) VALUES ($1)', ['f']), {
      group: true,
    });
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(committed(), ['a', 'd'], 'neither has committed yet');
    releaseOpen();
    await open;
    assert.equal(await grouped, 1);
    assert.deepEqual(await db.all('SELECT v FROM t ORDER BY v'), [
      { v: 'a' },
      { v: 'd' },
      { v: 'e' },
      { v: 'f' },
    ]);
  });
});

describe('SQLite: another process holding the write lock', () => {
  let dir: string;
  let file: string;
  /** Another process: a connection of its own, outside this process's gate. */
  let otherProcess: Database.Database;
  const open = (busyTimeoutMs: number) => {
    const raw = new Database(file);
    raw.pragma(`busy_timeout = ${busyTimeoutMs}`);
    return { raw, db: sqliteDb(raw) };
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'open-numbers-lock-'));
    file = join(dir, 'lock.db');
    const setup = new Database(file);
    setup.pragma('journal_mode = WAL');
    setup.exec('CREATE TABLE t (v TEXT NOT NULL)');
    setup.close();
    otherProcess = new Database(file);
  });
  after(() => {
    otherProcess.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const rows = () =>
    (otherProcess.prepare('SELECT v FROM t ORDER BY v').all() as { v: string }[]).map((r) => r.v);
  const settledYet = (promise: Promise<unknown>) => {
    let settled = false;
    void promise.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    return () => settled;
  };

  test('writes wait on the event loop, reads go on meanwhile, and both kinds commit once it is free', async () => {
    const { raw, db } = open(5000);
    otherProcess.exec('BEGIN IMMEDIATE');
    otherProcess.prepare("INSERT INTO t (v) VALUES ('theirs')").run();
    const single = db.transaction((tx) => tx.run("INSERT INTO t (v) VALUES ('single')"));
    const grouped = db.transaction((tx) => tx.run("INSERT INTO t (v) VALUES ('grouped')"), { group: true });
    const singleDone = settledYet(single);
    const groupedDone = settledYet(grouped);
    // SQLite's busy handler would hold this thread until the lock is free: no timer would fire,
    // and `theirs` could never commit.
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.deepEqual(await db.all('SELECT v FROM t'), [], 'a read is answered while the writes wait');
    assert.equal(singleDone() || groupedDone(), false, 'the writes wait for the lock');
    otherProcess.exec('COMMIT');
    assert.equal(await single, 1);
    assert.equal(await grouped, 1);
    assert.deepEqual(rows(), ['grouped', 'single', 'theirs']);
    raw.close();
  });

  test('after busy_timeout in all, the write fails with SQLITE_BUSY and stores nothing', async () => {
    const { raw, db } = open(60);
    otherProcess.exec('BEGIN IMMEDIATE');
    const before = rows();
    try {
      const outcomes = await Promise.allSettled([
        db.transaction((tx) => tx.run("INSERT INTO t (v) VALUES ('late single')")),
        db.transaction((tx) => tx.run("INSERT INTO t (v) VALUES ('late grouped')"), { group: true }),
      ]);
      for (const outcome of outcomes) {
        assert.equal(outcome.status, 'rejected');
        assert.equal((outcome.reason as { code?: string }).code, 'SQLITE_BUSY');
      }
    } finally {
      otherProcess.exec('COMMIT');
    }
    assert.deepEqual(rows(), before);
    // The connection still waits as configured for its other statements, and writes once free.
    assert.equal(Number(raw.pragma('busy_timeout', { simple: true })), 60);
    assert.equal(await db.transaction((tx) => tx.run("INSERT INTO t (v) VALUES ('later')")), 1);
    raw.close();
  });
});
