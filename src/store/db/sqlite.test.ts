import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Db } from './port.js';
import { enableWal, sqliteDb } from './sqlite.js';

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

  test('writes wait on the event loop, reads go on meanwhile, and every kind commits once it is free', async () => {
    const { raw, db } = open(5000);
    otherProcess.exec('BEGIN IMMEDIATE');
    otherProcess.prepare("INSERT INTO t (v) VALUES ('theirs')").run();
    const single = db.transaction((tx) => tx.run("INSERT INTO t (v) VALUES ('single')"));
    const grouped = db.transaction((tx) => tx.run("INSERT INTO t (v) VALUES ('grouped')"), { group: true });
    // A statement that writes, outside a transaction: its own transaction, waited for the same way.
    const statement = db.all("INSERT INTO t (v) VALUES ('statement') RETURNING v");
    const singleDone = settledYet(single);
    const groupedDone = settledYet(grouped);
    const statementDone = settledYet(statement);
    // SQLite's busy handler would hold this thread until the lock is free: no timer would fire,
    // and `theirs` could never commit.
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.deepEqual(await db.all('SELECT v FROM t'), [], 'a read is answered while the writes wait');
    assert.equal(singleDone() || groupedDone() || statementDone(), false, 'the writes wait for the lock');
    otherProcess.exec('COMMIT');
    assert.equal(await single, 1);
    assert.equal(await grouped, 1);
    assert.deepEqual(await statement, [{ v: 'statement' }]);
    assert.deepEqual(rows(), ['grouped', 'single', 'statement', 'theirs']);
    raw.close();
  });

  test('after busy_timeout in all, a write of every kind fails with SQLITE_BUSY and stores nothing', async () => {
    const { raw, db } = open(60);
    otherProcess.exec('BEGIN IMMEDIATE');
    const before = rows();
    try {
      const outcomes = await Promise.allSettled([
        db.transaction((tx) => tx.run("INSERT INTO t (v) VALUES ('late single')")),
        db.transaction((tx) => tx.run("INSERT INTO t (v) VALUES ('late grouped')"), { group: true }),
        db.run("INSERT INTO t (v) VALUES ('late statement')"),
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

describe('SQLite: switching a new file to WAL while another process writes to it', () => {
  /**
   * Another process, as a worker thread: creates the file in rollback mode, holds its write lock
   * for `holdMs`, then commits. Resolves once the lock is held; `done` once it committed.
   */
  async function writerHolding(file: string, holdMs: number) {
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const Database = require('better-sqlite3');
       const db = new Database(workerData.file);
       db.exec('CREATE TABLE IF NOT EXISTS t (v TEXT)');
       db.exec('BEGIN IMMEDIATE');
       db.exec("INSERT INTO t (v) VALUES ('theirs')");
       parentPort.postMessage('locked');
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
       db.exec('COMMIT');
       db.close();`,
      { eval: true, workerData: { file, holdMs } },
    );
    await once(worker, 'message');
    return { done: once(worker, 'exit') };
  }

  test('SQLite answers SQLITE_BUSY at once, without its busy handler: it is asked again until the lock is free', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'open-numbers-wal-'));
    try {
      const file = join(dir, 'new.db');
      const writer = await writerHolding(file, 150);
      const raw = new Database(file, { timeout: 5000 });
      assert.throws(() => raw.pragma('journal_mode = WAL'), { code: 'SQLITE_BUSY' }, 'not waited for');
      enableWal(raw, 5000);
      assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
      // Possible only once the writer committed.
      assert.deepEqual(raw.prepare('SELECT v FROM t').all(), [{ v: 'theirs' }]);
      raw.close();
      await writer.done;

      const other = join(dir, 'other.db');
      const longer = await writerHolding(other, 1000);
      const impatient = new Database(other);
      assert.throws(() => enableWal(impatient, 50), { code: 'SQLITE_BUSY' }, 'after its timeout');
      impatient.close();
      await longer.done;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
