import { setTimeout as pause } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { mapDbError } from './errors.js';
import type { Db, TransactionOptions } from './port.js';

/** A statement converted for SQLite: `?` placeholders and the parameter each one takes. */
interface Converted {
  statement: Database.Statement;
  /** For each `?`, the index of its value among the `$n` parameters. */
  order: number[];
}

/** `$n` becomes `?` (values repeated as needed); PostgreSQL's `::type` casts are dropped. */
export function toSqlite(sql: string): { text: string; order: number[] } {
  const order: number[] = [];
  const text = sql.replace(/::[a-z_]+(?:\[\])?/gi, '').replace(/\$(\d+)/g, (_, n: string) => {
    order.push(Number(n) - 1);
    return '?';
  });
  return { text, order };
}

/** better-sqlite3 binds no booleans: store them as 1/0, as the schema does. */
function bindable(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value === undefined ? null : value;
}

/** A grouped transaction waiting for its turn, and how to tell its caller the outcome. */
interface Grouped {
  fn: (tx: Db) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Rentals per group commit at most: the group runs without a pause, so this bounds how long the
 * event loop waits (~0.1 ms each); the rest goes to the next group, after pending I/O.
 */
const MAX_GROUP = 128;

/**
 * Pauses between two tries for the write lock another process holds, in ms: short at first (a
 * group commit holds it for about a millisecond), then up to 8 ms.
 */
const LOCK_PAUSES_MS = [1, 1, 2, 2, 4, 4, 8];

/** Set while a transaction is open on the database file; waited for by every other statement. */
interface Gate {
  held?: Promise<void>;
}

/**
 * One gate per database file in this process: a second connection to the same file (tests open
 * two stores as two "processes") would otherwise block the thread in busy_timeout waiting for a
 * transaction that can only finish on this same thread.
 */
const gates = new Map<string, Gate>();
function gateOf(file: string): Gate {
  if (file === ':memory:' || file === '') return {};
  let gate = gates.get(file);
  if (!gate) {
    gate = {};
    gates.set(file, gate);
  }
  return gate;
}

/**
 * Puts the database file in WAL mode, as every connection of the store expects. Switching a file
 * still in rollback mode needs its write lock, and while another connection holds it SQLite
 * answers SQLITE_BUSY at once, without its busy handler (two processes started together on a new
 * store both switch it): asked again every 10 ms, for up to `timeoutMs`. Synchronous: it runs
 * once, when the store opens.
 */
export function enableWal(raw: Database.Database, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      raw.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

/**
 * The SQLite side of `Db`. better-sqlite3 is synchronous and the process holds one connection,
 * so a transaction must have the connection to itself until it ends: statements from elsewhere
 * wait while one is open (they run synchronously otherwise). Every transaction is IMMEDIATE, so
 * it takes the write lock first and another process cannot invalidate what it reads.
 */
export function sqliteDb(raw: Database.Database): Db {
  const gate = gateOf(raw.name);
  const cache = new Map<string, Converted>();
  function prepared(sql: string): Converted {
    let converted = cache.get(sql);
    if (!converted) {
      const { text, order } = toSqlite(sql);
      converted = { statement: raw.prepare(text), order };
      cache.set(sql, converted);
    }
    return converted;
  }
  function args(order: number[], params: unknown[]): unknown[] {
    return order.map((i) => bindable(params[i]));
  }
  function attempt<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw mapDbError(error);
    }
  }
  const direct = {
    all<T>(sql: string, params: unknown[] = []): T[] {
      const { statement, order } = prepared(sql);
      return attempt(() => statement.all(...args(order, params)) as T[]);
    },
    get<T>(sql: string, params: unknown[] = []): T | undefined {
      const { statement, order } = prepared(sql);
      return attempt(() => statement.get(...args(order, params)) as T | undefined);
    },
    run(sql: string, params: unknown[] = []): number {
      const { statement, order } = prepared(sql);
      return attempt(() => statement.run(...args(order, params)).changes);
    },
    exec(script: string): void {
      attempt(() => raw.exec(script));
    },
  };

  /**
   * The write lock another process may hold is waited for here, on the event loop, and not in
   * SQLite's busy handler, which sleeps the thread (1, 2, 5, 10 … ms) and every request of this
   * process with it: `BEGIN IMMEDIATE` is tried without waiting (busy_timeout 0 for that one
   * statement) and, while another process writes, tried again after a pause in which this process
   * serves its reads. After the connection's busy_timeout in all, the last SQLITE_BUSY is thrown.
   */
  const configuredTimeoutMs = Number(raw.pragma('busy_timeout', { simple: true })) || 0;
  // SQLite applies PRAGMA busy_timeout when the statement is compiled, not when it runs: a prepared
  // one would not do, each change is compiled anew (a few µs).
  const restoreTimeout = `PRAGMA busy_timeout = ${configuredTimeoutMs}`;
  /** True once `begin` succeeded; the SQLITE_BUSY error while another process holds the lock. */
  function tryBegin(begin: () => void): true | Error {
    raw.exec('PRAGMA busy_timeout = 0');
    try {
      begin();
      return true;
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SQLITE_BUSY') return error as Error;
      throw error;
    } finally {
      raw.exec(restoreTimeout);
    }
  }

  /**
   * Opens a write transaction with `begin` once no transaction of this process is open and no
   * other process holds the write lock; returns the gate's release. Nothing else runs between the
   * successful `begin` and the gate's closing.
   */
  async function openWrite(begin: () => void): Promise<() => void> {
    const deadline = Date.now() + configuredTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      while (gate.held) await gate.held;
      const tried = tryBegin(begin);
      if (tried === true) return holdGate();
      if (Date.now() >= deadline) throw tried;
      await pause(LOCK_PAUSES_MS[Math.min(attempt, LOCK_PAUSES_MS.length - 1)]!);
    }
  }
  /** Closes the gate (right after a `begin` that succeeded, in the same turn); returns its release. */
  function holdGate(): () => void {
    let release!: () => void;
    gate.held = new Promise((resolve) => {
      release = resolve;
    });
    return () => {
      gate.held = undefined;
      release();
    };
  }

  /**
   * A statement outside any transaction: a read runs once no transaction of this process is open;
   * a write runs in a write transaction of its own, opened as every other (`openWrite`), so that
   * waiting for another process's lock does not hold the thread either.
   */
  async function alone<T>(sql: string, work: () => T): Promise<T> {
    return prepared(sql).statement.readonly ? whenFree(work) : writing(work);
  }

  /** `work` in a write transaction (`openWrite`): committed if it succeeds, rolled back if not. */
  async function writing<T>(work: () => T | Promise<T>): Promise<T> {
    const release = await openWrite(() => direct.exec('BEGIN IMMEDIATE'));
    try {
      const result = await work();
      direct.exec('COMMIT');
      return result;
    } catch (error) {
      if (raw.inTransaction) raw.exec('ROLLBACK');
      throw error;
    } finally {
      release();
    }
  }

  /** Runs `work` once no transaction is open: the check and the work happen without a pause between. */
  async function whenFree<T>(work: () => T): Promise<T> {
    while (gate.held) await gate.held;
    return work();
  }

  const inTransaction: Db = {
    dialect: 'sqlite',
    all: async (sql, params) => direct.all(sql, params),
    get: async (sql, params) => direct.get(sql, params),
    run: async (sql, params) => direct.run(sql, params),
    exec: async (script) => direct.exec(script),
    // Nested: part of the enclosing transaction.
    transaction: (fn) => fn(inTransaction),
  };

  /**
   * Group commit. Grouped transactions queue here until the end of the event-loop turn (the
   * requests whose bytes arrived in the same poll phase all reach the store by then), then run one
   * after the other in one IMMEDIATE transaction, each inside a savepoint: a failure rolls back
   * its own savepoint only. Every caller learns its outcome after the COMMIT, so nothing is
   * acknowledged before it is durable; if the COMMIT fails, every one of them gets its error.
   * One fsync (synchronous=FULL) or one WAL append (NORMAL) then serves the whole group.
   */
  const queue: Grouped[] = [];
  let flushScheduled = false;
  let statements:
    | Record<'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo', Database.Statement>
    | undefined;

  function grouped<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      scheduleFlush();
    });
  }

  function scheduleFlush(): void {
    if (flushScheduled) return;
    flushScheduled = true;
    setImmediate(() => {
      flush().catch(() => {
        // flush settles every caller itself; nothing is left to report here.
      });
    });
  }

  async function flush(): Promise<void> {
    // Whatever queues while another transaction holds the gate, or another process the write
    // lock, joins this group.
    let release: (() => void) | undefined;
    let lockError: unknown;
    try {
      release = await openWrite(() => {
        statements ??= {
          begin: raw.prepare('BEGIN IMMEDIATE'),
          commit: raw.prepare('COMMIT'),
          rollback: raw.prepare('ROLLBACK'),
          savepoint: raw.prepare('SAVEPOINT grouped'),
          release: raw.prepare('RELEASE grouped'),
          rollbackTo: raw.prepare('ROLLBACK TO grouped'),
        };
        statements.begin.run();
      });
    } catch (error) {
      lockError = error;
    }
    flushScheduled = false;
    const group = queue.splice(0, MAX_GROUP);
    if (queue.length) scheduleFlush();
    if (!release) {
      // No write lock within busy_timeout (or the store was closed): nothing of the group ran.
      const mapped = mapDbError(lockError);
      for (const item of group) item.reject(mapped);
      return;
    }
    const st = statements!;
    if (group.length === 0) {
      st.rollback.run();
      release();
      return;
    }
    const outcomes: Outcome[] = [];
    try {
      for (let i = 0; i < group.length; i++) {
        st.savepoint.run();
        try {
          outcomes.push({ ok: true, value: await group[i].fn(inTransaction) });
          st.release.run();
        } catch (error) {
          if (!raw.inTransaction) {
            // SQLite ended the whole transaction (e.g. disk full): what ran before is gone with
            // it, the rest has not run yet and goes to the next group.
            queue.unshift(...group.slice(i + 1));
            if (queue.length) scheduleFlush();
            for (const item of group.slice(0, i + 1)) item.reject(mapDbError(error));
            return;
          }
          st.rollbackTo.run();
          st.release.run();
          outcomes.push({ ok: false, error });
        }
      }
      st.commit.run();
    } catch (error) {
      // COMMIT failed (or the store was closed): nothing of the group is stored.
      try {
        if (raw.open && raw.inTransaction) raw.exec('ROLLBACK');
      } catch {
        // The error below is the one to report.
      }
      const mapped = mapDbError(error);
      for (const item of group) item.reject(mapped);
      return;
    } finally {
      release();
    }
    for (let i = 0; i < group.length; i++) {
      const outcome = outcomes[i];
      if (outcome.ok) group[i].resolve(outcome.value);
      else group[i].reject(outcome.error);
    }
  }

  return {
    dialect: 'sqlite',
    all: <T>(sql: string, params?: unknown[]) => alone(sql, () => direct.all<T>(sql, params)),
    get: <T>(sql: string, params?: unknown[]) => alone(sql, () => direct.get<T>(sql, params)),
    run: (sql, params) => alone(sql, () => direct.run(sql, params)),
    exec: (script) => whenFree(() => direct.exec(script)),
    async transaction<T>(fn: (tx: Db) => Promise<T>, options?: TransactionOptions): Promise<T> {
      if (options?.group) return grouped(fn);
      return writing(() => fn(inTransaction));
    },
  };
}
