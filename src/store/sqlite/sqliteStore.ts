import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { InventoryNumber } from '../../domain/inventory/generate.js';
import type { NumberType, Product } from '../../domain/inventory/products.js';
import type {
  ActiveNumberRecord,
  InventoryRow,
  JobSpec,
  NumberChange,
} from '../../domain/numbers/activeNumber.js';
import { prefixUpperBound, reversedDigits } from '../../domain/numbers/patterns.js';
import {
  activeFromRow,
  activeToRow,
  type InventoryDbRow,
  inventoryFromRow,
  likeOperand,
  masksSql,
  type ProductRow,
  productFromRow,
  productToRow,
} from '../rows.js';
import type { ActiveListQuery, AvailableSearch, Job, NumberMutation, RentBuilder, Store } from '../types.js';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
const SEEDED_KEY = 'inventory.seededAt';

export interface SqliteOptions {
  /** A directory for `open-numbers.db`, or ':memory:'. */
  dataDir: string;
  /** FULL makes every acknowledged write survive power loss (operator mode); NORMAL is faster. */
  synchronous: 'FULL' | 'NORMAL';
}

type Params = Record<string, unknown>;

/**
 * The embedded store. better-sqlite3 is synchronous and the process holds one connection, so
 * every transaction runs to completion without interleaving: claims need no row locks.
 */
export function openSqliteStore(options: SqliteOptions): Store {
  let path = ':memory:';
  if (options.dataDir !== ':memory:') {
    mkdirSync(options.dataDir, { recursive: true });
    path = join(options.dataDir, 'open-numbers.db');
  }
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');

  const statements = new Map<string, Database.Statement>();
  function stmt(sql: string): Database.Statement {
    let s = statements.get(sql);
    if (!s) {
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  }
  const all = <T>(sql: string, params: Params = {}) => stmt(sql).all(params) as T[];
  const get = <T>(sql: string, params: Params = {}) => stmt(sql).get(params) as T | undefined;
  const run = (sql: string, params: Params = {}) => stmt(sql).run(params);

  function insertJobs(jobs: JobSpec[], now: number): void {
    for (const job of jobs) {
      run('INSERT INTO jobs (kind, payload, run_at, created_at) VALUES (@kind, @payload, @runAt, @now)', {
        kind: job.kind,
        payload: JSON.stringify(job.payload),
        runAt: job.runAt,
        now,
      });
    }
  }

  function writeActive(change: NumberChange, numberId: number, insert: boolean): ActiveNumberRecord {
    const row = activeToRow(change.record, numberId);
    if (insert) {
      run(
        `INSERT INTO active_numbers (phone_number, project_id, number_id, region_code, number_type, capabilities, display_name, expire_at, record)
         VALUES (@phone_number, @project_id, @number_id, @region_code, @number_type, @capabilities, @display_name, @expire_at, @record)`,
        row,
      );
    } else {
      run(
        `UPDATE active_numbers SET display_name = @display_name, expire_at = @expire_at, record = @record
         WHERE phone_number = @phone_number AND project_id = @project_id`,
        row,
      );
    }
    insertJobs(change.jobs, Date.now());
    return change.record;
  }

  /** The SQL and parameters of an available-number search (research/perf-baseline.md). */
  function searchSql(search: Omit<AvailableSearch, 'limit'>): { sql: string; params: Params } {
    const params: Params = { region: search.regionCode, type: search.numberType };
    let index = '';
    let where = "status = 'AVAILABLE' AND region_code = @region AND number_type = @type";
    if (search.capabilityMasks) where += ` AND capabilities IN (${masksSql(search.capabilityMasks)})`;
    const p = search.pattern;
    if (p?.searchPattern === 'START' || (p?.searchPattern === 'END' && p.pattern.startsWith('+'))) {
      where += p.searchPattern === 'START' ? ' AND e164 >= @lo AND e164 < @hi' : ' AND e164 = @lo';
      params.lo = p.pattern;
      params.hi = prefixUpperBound(p.pattern);
    } else if (p?.searchPattern === 'END') {
      // Without the hint SQLite may walk ix_avail to avoid sorting, scanning the whole partition.
      index = ' INDEXED BY ix_avail_rev';
      const rev = reversedDigits(p.pattern);
      where += ' AND digits_rev >= @lo AND digits_rev < @hi';
      params.lo = rev;
      params.hi = prefixUpperBound(rev);
    } else if (p?.searchPattern === 'CONTAINS' && p.pattern.length <= 3) {
      // Short patterns match ~1 % of rows each: walking the ordered index stops soonest.
      where += ' AND instr(e164, @p) > 0';
      params.p = p.pattern;
    } else if (p?.searchPattern === 'CONTAINS') {
      where += ' AND id IN (SELECT rowid FROM pn_trgm WHERE pn_trgm MATCH @q)';
      params.q = `"${p.pattern}"`;
    }
    return {
      sql: `SELECT id, e164, region_code, number_type, capabilities FROM phone_numbers${index} WHERE ${where} ORDER BY e164`,
      params,
    };
  }

  function claim(row: InventoryDbRow | undefined, build: RentBuilder): ActiveNumberRecord | undefined {
    if (!row) return undefined;
    const claimed = run(
      "UPDATE phone_numbers SET status = 'ACTIVE' WHERE id = @id AND status = 'AVAILABLE'",
      { id: row.id },
    );
    if (claimed.changes !== 1) return undefined;
    const inventoryRow: InventoryRow = inventoryFromRow(row);
    return writeActive(build(inventoryRow), inventoryRow.id, true);
  }

  const store: Store = {
    dialect: 'sqlite',

    async migrate() {
      db.exec(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
      );
      const files = readdirSync(MIGRATIONS_DIR)
        .filter((f) => /^\d{4}_.*\.sql$/.test(f))
        .sort();
      for (const file of files) {
        const version = Number(file.slice(0, 4));
        // IMMEDIATE takes the write lock first, so two processes starting at once apply each file once.
        db.transaction(() => {
          if (get('SELECT 1 AS one FROM schema_migrations WHERE version = @version', { version })) return;
          db.exec(readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8'));
          run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @file, @now)', {
            version,
            file,
            now: Date.now(),
          });
        }).immediate();
      }
    },

    async close() {
      statements.clear();
      db.close();
    },

    settings: {
      async get(key) {
        return get<{ value: string }>('SELECT value FROM settings WHERE key = @key', { key })?.value;
      },
      async getOrInit(key, value) {
        run('INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO NOTHING', {
          key,
          value,
        });
        return get<{ value: string }>('SELECT value FROM settings WHERE key = @key', { key })!.value;
      },
      async set(key, value) {
        run(
          'INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
          {
            key,
            value,
          },
        );
      },
    },

    auth: {
      async createProject(project) {
        const result = run(
          'INSERT INTO projects (project_id, created_at) VALUES (@projectId, @createdAt) ON CONFLICT DO NOTHING',
          { ...project },
        );
        return result.changes === 1;
      },
      async getProject(projectId) {
        const row = get<{ project_id: string; created_at: number }>(
          'SELECT * FROM projects WHERE project_id = @projectId',
          {
            projectId,
          },
        );
        return row && { projectId: row.project_id, createdAt: row.created_at };
      },
      async createAccessKey(key) {
        const result = run(
          `INSERT INTO access_keys (key_id, project_id, secret_hash, created_at)
           VALUES (@keyId, @projectId, @secretHash, @createdAt) ON CONFLICT DO NOTHING`,
          { ...key },
        );
        return result.changes === 1;
      },
      async getAccessKey(keyId) {
        const row = get<{ key_id: string; project_id: string; secret_hash: string; created_at: number }>(
          'SELECT * FROM access_keys WHERE key_id = @keyId',
          { keyId },
        );
        return (
          row && {
            keyId: row.key_id,
            projectId: row.project_id,
            secretHash: row.secret_hash,
            createdAt: row.created_at,
          }
        );
      },
    },

    inventory: {
      async isSeeded() {
        return (await store.settings.get(SEEDED_KEY)) !== undefined;
      },
      async seed(products: Product[], numbers: Iterable<InventoryNumber>) {
        const insertNumber = db.prepare(
          `INSERT INTO phone_numbers (e164, region_code, number_type, capabilities, digits_rev)
           VALUES (?, ?, ?, ?, ?) ON CONFLICT (e164) DO NOTHING`,
        );
        db.transaction(() => {
          if (get('SELECT value FROM settings WHERE key = @key', { key: SEEDED_KEY })) return;
          for (const p of products) {
            run(
              `INSERT INTO products VALUES (@region_code, @number_type, @currency_code, @setup_price, @monthly_price,
               @payment_interval_months, @capabilities, @supporting_documentation_required) ON CONFLICT DO NOTHING`,
              { ...productToRow(p) },
            );
          }
          for (const n of numbers) {
            insertNumber.run(n.e164, n.regionCode, n.numberType, n.capabilities, reversedDigits(n.e164));
          }
          db.exec("INSERT INTO pn_trgm (pn_trgm) VALUES ('rebuild')");
          run('INSERT INTO settings (key, value) VALUES (@key, @value)', {
            key: SEEDED_KEY,
            value: String(Date.now()),
          });
        }).immediate();
        db.exec('ANALYZE');
      },
      async listProducts() {
        return all<ProductRow>('SELECT * FROM products ORDER BY region_code, number_type').map(
          productFromRow,
        );
      },
      async getProduct(regionCode: string, numberType: NumberType) {
        const row = get<ProductRow>(
          'SELECT * FROM products WHERE region_code = @regionCode AND number_type = @numberType',
          {
            regionCode,
            numberType,
          },
        );
        return row && productFromRow(row);
      },
      async searchAvailable(search) {
        const { sql, params } = searchSql(search);
        return all<InventoryDbRow>(`${sql} LIMIT @limit`, { ...params, limit: search.limit }).map(
          inventoryFromRow,
        );
      },
      async getAvailable(e164) {
        const row = get<InventoryDbRow>(
          "SELECT id, e164, region_code, number_type, capabilities FROM phone_numbers WHERE e164 = @e164 AND status = 'AVAILABLE'",
          { e164 },
        );
        return row && inventoryFromRow(row);
      },
      async countAvailable() {
        return get<{ n: number }>("SELECT count(*) AS n FROM phone_numbers WHERE status = 'AVAILABLE'")!.n;
      },
    },

    numbers: {
      async rent(e164, build) {
        return db.transaction(() => {
          const row = get<InventoryDbRow>(
            "SELECT id, e164, region_code, number_type, capabilities FROM phone_numbers WHERE e164 = @e164 AND status = 'AVAILABLE'",
            { e164 },
          );
          return claim(row, build);
        })();
      },
      async rentAny(search, build) {
        return db.transaction(() => {
          const { sql, params } = searchSql(search);
          return claim(get<InventoryDbRow>(`${sql} LIMIT 1`, params), build);
        })();
      },
      async getActive(projectId, e164) {
        const row = get<{ record: string }>(
          'SELECT record FROM active_numbers WHERE phone_number = @e164 AND project_id = @projectId',
          { e164, projectId },
        );
        return row && activeFromRow(row);
      },
      async listActive(query: ActiveListQuery) {
        const params: Params = { projectId: query.projectId, now: query.now };
        let where = 'project_id = @projectId AND (expire_at IS NULL OR expire_at > @now)';
        if (query.regionCode) {
          where += ' AND region_code = @regionCode';
          params.regionCode = query.regionCode;
        }
        if (query.numberType) {
          where += ' AND number_type = @numberType';
          params.numberType = query.numberType;
        }
        if (query.capabilityMasks) where += ` AND capabilities IN (${masksSql(query.capabilityMasks)})`;
        if (query.pattern) {
          where += ' AND phone_number LIKE @like';
          params.like = likeOperand(query.pattern);
        }
        const totalSize = get<{ n: number }>(
          `SELECT count(*) AS n FROM active_numbers WHERE ${where}`,
          params,
        )!.n;
        let page = where;
        if (query.after) {
          page +=
            query.orderBy === 'displayName'
              ? ' AND (display_name, phone_number) > (@afterName, @afterNumber)'
              : ' AND phone_number > @afterNumber';
          params.afterName = query.after.displayName;
          params.afterNumber = query.after.phoneNumber;
        }
        const order = query.orderBy === 'displayName' ? 'display_name, phone_number' : 'phone_number';
        const rows = all<{ record: string }>(
          `SELECT record FROM active_numbers WHERE ${page} ORDER BY ${order} LIMIT @limit`,
          { ...params, limit: query.limit },
        );
        return { records: rows.map(activeFromRow), totalSize };
      },
      async updateActive(projectId, e164, mutate: NumberMutation) {
        return db.transaction(() => {
          const row = get<{ record: string; number_id: number }>(
            'SELECT record, number_id FROM active_numbers WHERE phone_number = @e164 AND project_id = @projectId',
            { e164, projectId },
          );
          if (!row) return undefined;
          const current = activeFromRow(row);
          const change = mutate(current);
          if (!change) return current;
          writeActive(change, row.number_id, false);
          return change.record;
        })();
      },
      async completeRelease(projectId, e164, now) {
        return db.transaction(() => {
          const row = get<{ number_id: number }>(
            `DELETE FROM active_numbers WHERE phone_number = @e164 AND project_id = @projectId
             AND expire_at IS NOT NULL AND expire_at <= @now RETURNING number_id`,
            { e164, projectId, now },
          );
          if (!row) return false;
          run("UPDATE phone_numbers SET status = 'AVAILABLE' WHERE id = @id", { id: row.number_id });
          return true;
        })();
      },
    },

    jobs: {
      async enqueue(jobs) {
        db.transaction(() => insertJobs(jobs, Date.now()))();
      },
      async claimDue(now, limit, leaseMs) {
        const rows = all<{ id: number; kind: string; payload: string; run_at: number; attempts: number }>(
          `UPDATE jobs SET status = 'running', run_at = @leaseUntil, attempts = attempts + 1
           WHERE id IN (SELECT id FROM jobs WHERE status IN ('pending', 'running') AND run_at <= @now ORDER BY run_at LIMIT @limit)
           RETURNING id, kind, payload, run_at, attempts`,
          { now, limit, leaseUntil: now + leaseMs },
        );
        return rows.map(
          (r): Job => ({
            id: r.id,
            kind: r.kind,
            payload: JSON.parse(r.payload),
            runAt: now,
            attempts: r.attempts,
          }),
        );
      },
      async complete(id) {
        run('DELETE FROM jobs WHERE id = @id', { id });
      },
      async fail(id, error, runAt) {
        run(
          `UPDATE jobs SET status = CASE WHEN @runAt IS NULL THEN 'dead' ELSE 'pending' END,
           run_at = coalesce(@runAt, run_at), last_error = @error WHERE id = @id`,
          { id, error, runAt },
        );
      },
      async list(filter) {
        const rows = all<{
          id: number;
          kind: string;
          payload: string;
          run_at: number;
          attempts: number;
          status: string;
          last_error: string;
        }>(
          `SELECT * FROM jobs WHERE (@kind IS NULL OR kind = @kind) AND (@status IS NULL OR status = @status) ORDER BY id`,
          { kind: filter.kind ?? null, status: filter.status ?? null },
        );
        return rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          payload: JSON.parse(r.payload),
          runAt: r.run_at,
          attempts: r.attempts,
          status: r.status,
          lastError: r.last_error,
        }));
      },
    },
  };
  return store;
}
