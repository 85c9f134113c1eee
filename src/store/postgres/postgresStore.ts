import { readdirSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import type { OutgoingEvent } from '../../domain/callbacks/events.js';
import type { EmergencyAddress } from '../../domain/emergency/addressValidation.js';
import type { InventoryNumber } from '../../domain/inventory/generate.js';
import type { NumberType, Product } from '../../domain/inventory/products.js';
import type {
  ActiveNumberRecord,
  InventoryRow,
  JobSpec,
  NumberChange,
} from '../../domain/numbers/activeNumber.js';
import { prefixUpperBound, reversedDigits } from '../../domain/numbers/patterns.js';
import type { NumberOrderRecord } from '../../domain/orders/numberOrder.js';
import { type AttachmentDbRow, attachmentFromRow, type PolicyDbRow, policyFromRow } from '../orderRows.js';
import {
  type AttemptRow,
  attemptFromRow,
  deliveryJob,
  deliveryJobs,
  type EventRow,
  eventFromRow,
  eventToRow,
} from '../outbox.js';
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
import type {
  ActiveListQuery,
  AvailableSearch,
  CallbackFaults,
  Job,
  NumberMutation,
  OrderChange,
  RentBuilder,
  Store,
} from '../types.js';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
const SEEDED_KEY = 'inventory.seededAt';
/** Advisory lock keys (per database): one for the migration runner, one for the seed. */
const MIGRATE_LOCK = "hashtext('open_numbers.migrate')";
const SEED_LOCK = "hashtext('open_numbers.seed')";
/** Serialises policy writes: version numbers and "seed if missing" are read-then-insert. */
const POLICIES_LOCK = "hashtext('open_numbers.policies')";
/** Rows per chunk written to the COPY stream. */
const COPY_CHUNK_ROWS = 2000;

export interface PostgresOptions {
  url: string;
  /** Pool size per process (default 10). */
  max?: number;
}

/**
 * BIGINT (int8) columns hold epoch milliseconds and ids, all far below 2^53: read them as numbers.
 * `count(*)` is int8 too.
 */
const types = {
  int8: {
    to: 20,
    from: [20],
    serialize: (value: number) => String(value),
    parse: (raw: string) => Number(raw),
  },
};

type Sql = postgres.Sql<{ int8: number }>;
type Db = Sql | postgres.TransactionSql<{ int8: number }>;
type Row = Record<string, unknown>;

/** Positional parameters for statements assembled from parts. */
class Params {
  readonly values: unknown[] = [];
  /** Adds a value and returns its placeholder. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * Runs a statement with positional parameters. Prepared (named, cached per connection) unless
 * `prepare` is false: then PostgreSQL plans it with the actual values every time.
 */
function all<T = Row>(db: Db, text: string, params: unknown[] = [], prepare = true): Promise<T[]> {
  return db.unsafe(text, params as never[], { prepare }) as unknown as Promise<T[]>;
}

/** A value of a COPY text-format row (inventory values are digits, letters, `+` and `_`). */
function copyText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Escapes LIKE wildcards (patterns hold only `+` and digits, but the store does not rely on it). */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `capabilities IN (…)`, inlined: the masks are computed integers and the planner sees constants. */
function masksPredicate(masks: number[]): string {
  return masks.length ? `capabilities IN (${masksSql(masks)})` : 'false';
}

/** Thrown inside a transaction to roll it back when an order could not reserve all its numbers. */
class NotAllReserved extends Error {}

interface JobRow {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  run_at: number;
  attempts: number;
  status: string;
  last_error: string;
}

/**
 * The scale-out store: many API and worker processes share one PostgreSQL database. Claims are
 * conditional updates and `FOR UPDATE SKIP LOCKED` selections, so they hold with any number of
 * processes (DESIGN.md §4). The pool connects lazily, on the first query.
 */
export function openPostgresStore(options: PostgresOptions): Store {
  const sql: Sql = postgres(options.url, {
    max: options.max ?? 10,
    types,
    onnotice: () => {},
    connection: { application_name: 'open-numbers' },
  });

  async function insertJobs(db: Db, jobs: JobSpec[], now: number): Promise<void> {
    if (!jobs.length) return;
    const params = new Params();
    const rows = jobs.map(
      (job) =>
        `(${params.add(job.kind)}, ${params.add(JSON.stringify(job.payload))}::text::jsonb, ${params.add(job.runAt)}::bigint, ${params.add(now)}::bigint)`,
    );
    await all(
      db,
      `INSERT INTO jobs (kind, payload, run_at, created_at) VALUES ${rows.join(', ')}`,
      params.values,
    );
  }

  async function writeActive(
    db: Db,
    change: NumberChange,
    numberId: number,
    insert: boolean,
  ): Promise<ActiveNumberRecord> {
    const row = activeToRow(change.record, numberId);
    if (insert) {
      await all(
        db,
        `INSERT INTO active_numbers (phone_number, project_id, number_id, region_code, number_type, capabilities,
           display_name, expire_at, record)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb)`,
        [
          row.phone_number,
          row.project_id,
          row.number_id,
          row.region_code,
          row.number_type,
          row.capabilities,
          row.display_name,
          row.expire_at,
          row.record,
        ],
      );
    } else {
      await all(
        db,
        `UPDATE active_numbers SET display_name = $3, expire_at = $4, record = $5::text::jsonb
         WHERE phone_number = $1 AND project_id = $2`,
        [row.phone_number, row.project_id, row.display_name, row.expire_at, row.record],
      );
    }
    await insertJobs(db, change.jobs, Date.now());
    await insertEvents(db, change.events ?? []);
    return change.record;
  }

  /** Writes outbox rows and one delivery job per event, in the caller's transaction. */
  async function insertEvents(db: Db, events: OutgoingEvent[]): Promise<void> {
    if (!events.length) return;
    const params = new Params();
    const rows = events.map((event) => {
      const row = eventToRow(event);
      const { event_id, project_id, resource_type, resource_id, event_type, status, url, body } = row;
      const values = [event_id, project_id, resource_type, resource_id, event_type, status, url, body];
      const text = values.map((value) => `${params.add(value)}::text`);
      const createdAt = `${params.add(row.created_at)}::bigint`;
      return `(${text.join(', ')}, ${createdAt}, ${createdAt})`;
    });
    await all(
      db,
      `INSERT INTO callback_events (event_id, project_id, resource_type, resource_id, event_type, status, url, body,
         created_at, updated_at)
       VALUES ${rows.join(', ')}`,
      params.values,
    );
    await insertJobs(db, deliveryJobs(events), Date.now());
  }

  /**
   * Writes an order change in the caller's transaction: the order row, the reserved numbers it
   * returns to the inventory or activates (each with its active number, jobs and events, as a
   * rent writes them), then the change's own jobs and events.
   */
  async function writeOrder(db: Db, change: OrderChange, insert: boolean): Promise<NumberOrderRecord> {
    const { order } = change;
    const record = JSON.stringify(order);
    if (insert) {
      await all(
        db,
        `INSERT INTO number_orders (order_id, project_id, state, created_at, record)
         VALUES ($1, $2, $3, $4::bigint, $5::text::json)`,
        [order.orderId, order.projectId, order.state, order.createdAt, record],
      );
    } else {
      await all(db, 'UPDATE number_orders SET state = $2, record = $3::text::json WHERE order_id = $1', [
        order.orderId,
        order.state,
        record,
      ]);
    }
    if (change.releaseNumbers && order.orderNumbers.length) {
      await all(
        db,
        "UPDATE phone_numbers SET status = 'AVAILABLE' WHERE id = ANY($1::bigint[]) AND status = 'RESERVED'",
        [order.orderNumbers.map((n) => n.numberId)],
      );
    }
    for (const activation of change.activate ?? []) {
      const phoneNumber = activation.record.phoneNumber;
      const numberId = order.orderNumbers.find((n) => n.phoneNumber === phoneNumber)?.numberId;
      const claimed =
        numberId === undefined
          ? []
          : await all(
              db,
              "UPDATE phone_numbers SET status = 'ACTIVE' WHERE id = $1 AND status = 'RESERVED' RETURNING 1",
              [numberId],
            );
      // Thrown inside the transaction: the whole change rolls back.
      if (claimed.length !== 1)
        throw new Error(`Number ${phoneNumber} is not reserved by order ${order.orderId}`);
      await writeActive(db, activation, numberId!, true);
    }
    await insertJobs(db, change.jobs ?? [], Date.now());
    await insertEvents(db, change.events ?? []);
    return order;
  }

  /** Numbers of a (region, type) with a KYC policy are sold with supporting documentation. */
  async function markDocumentationRequired(db: Db, regionCode: string, numberType: string): Promise<void> {
    await all(
      db,
      'UPDATE products SET supporting_documentation_required = true WHERE region_code = $1 AND number_type = $2',
      [regionCode, numberType],
    );
  }

  /**
   * The WHERE clause of an available-number search (research/perf-baseline.md, index design), and
   * whether the statement may be prepared. `status = 'AVAILABLE'` stays a literal so the planner
   * matches the partial indexes.
   */
  function searchWhere(
    search: Omit<AvailableSearch, 'limit'>,
    params: Params,
  ): { where: string; prepare: boolean } {
    let where = `status = 'AVAILABLE' AND region_code = ${params.add(search.regionCode)} AND number_type = ${params.add(search.numberType)}`;
    if (search.capabilityMasks) where += ` AND ${masksPredicate(search.capabilityMasks)}`;
    const p = search.pattern;
    let prepare = true;
    if (p?.searchPattern === 'START') {
      where += ` AND e164 >= ${params.add(p.pattern)} AND e164 < ${params.add(prefixUpperBound(p.pattern))}`;
    } else if (p?.searchPattern === 'END' && p.pattern.startsWith('+')) {
      where += ` AND e164 = ${params.add(p.pattern)}`;
    } else if (p?.searchPattern === 'END') {
      const rev = reversedDigits(p.pattern);
      where += ` AND digits_rev >= ${params.add(rev)} AND digits_rev < ${params.add(prefixUpperBound(rev))}`;
    } else if (p?.searchPattern === 'CONTAINS' && p.pattern.length <= 3) {
      // Short patterns match ~1 % of rows each: walking the ordered index stops soonest.
      where += ` AND strpos(e164, ${params.add(p.pattern)}) > 0`;
    } else if (p?.searchPattern === 'CONTAINS') {
      // The trigram index serves this only in a plan made for the actual pattern: a generic plan
      // of a prepared statement (used after five executions) ignores it, so never prepare it.
      where += ` AND e164 LIKE ${params.add(`%${escapeLike(p.pattern)}%`)}`;
      prepare = false;
    }
    return { where, prepare };
  }

  const INVENTORY_COLUMNS = 'id, e164, region_code, number_type, capabilities';
  const EVENT_COLUMNS =
    'event_id, project_id, resource_type, resource_id, event_type, status, url, body, state, attempts, created_at, updated_at';

  async function claimed(
    db: Db,
    rows: InventoryDbRow[],
    build: RentBuilder,
  ): Promise<ActiveNumberRecord | undefined> {
    const row = rows[0];
    if (!row) return undefined;
    const inventoryRow: InventoryRow = inventoryFromRow(row);
    return writeActive(db, build(inventoryRow), inventoryRow.id, true);
  }

  async function applyMigrations(): Promise<void> {
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((f) => /^\d{4}_.*\.sql$/.test(f))
      .sort();
    // One transaction under a transaction-scoped advisory lock: a second instance starting at
    // the same time waits, then finds every migration applied.
    await sql.begin(async (tx) => {
      await all(tx, `SELECT pg_advisory_xact_lock(${MIGRATE_LOCK})`);
      await all(
        tx,
        'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)',
      );
      const applied = new Set(
        (await all<{ version: number }>(tx, 'SELECT version FROM schema_migrations')).map((r) => r.version),
      );
      for (const file of files) {
        const version = Number(file.slice(0, 4));
        if (applied.has(version)) continue;
        // No parameters: sent as a simple query, so a file may hold many statements.
        await tx.unsafe(readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8'));
        await all(tx, 'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          version,
          file,
          Date.now(),
        ]);
      }
    });
  }

  /**
   * Streams the numbers into phone_numbers with COPY, skipping those in `existing`. Returns
   * whether they came in strictly ascending order, hence without repeats, as the first start's
   * inventory does: remembering every number copied to skip repeats cost ~50 MB of heap for the
   * default inventory (docs/architecture.md, "Memory at start"), so other input is deduplicated
   * afterwards instead.
   */
  async function copyNumbers(
    tx: Db,
    numbers: Iterable<InventoryNumber>,
    existing: Set<string>,
  ): Promise<boolean> {
    let ascending = true;
    let last = '';
    function* chunks(): Generator<string> {
      let lines: string[] = [];
      for (const n of numbers) {
        if (existing.has(n.e164)) continue;
        if (n.e164 <= last) ascending = false;
        last = n.e164;
        lines.push(
          `${copyText(n.e164)}\t${copyText(n.regionCode)}\t${copyText(n.numberType)}\t${Math.trunc(n.capabilities)}\t${copyText(reversedDigits(n.e164))}\n`,
        );
        if (lines.length >= COPY_CHUNK_ROWS) {
          yield lines.join('');
          lines = [];
        }
      }
      if (lines.length) yield lines.join('');
    }
    const writable =
      await tx`COPY phone_numbers (e164, region_code, number_type, capabilities, digits_rev) FROM STDIN`.writable();
    await pipeline(Readable.from(chunks()), writable);
    return ascending;
  }

  async function seedInTransaction(
    tx: Db,
    products: Product[],
    numbers: Iterable<InventoryNumber>,
  ): Promise<boolean> {
    await all(tx, `SELECT pg_advisory_xact_lock(${SEED_LOCK})`);
    // Read after taking the lock: a process that seeded meanwhile has committed its marker.
    if ((await all(tx, 'SELECT 1 FROM settings WHERE key = $1', [SEEDED_KEY])).length) return false;
    await all(tx, "SET LOCAL maintenance_work_mem = '256MB'");

    for (const p of products) {
      const row = productToRow(p);
      await all(
        tx,
        `INSERT INTO products (region_code, number_type, currency_code, setup_price, monthly_price,
           payment_interval_months, capabilities, supporting_documentation_required)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
        [
          row.region_code,
          row.number_type,
          row.currency_code,
          row.setup_price,
          row.monthly_price,
          row.payment_interval_months,
          row.capabilities,
          Boolean(row.supporting_documentation_required),
        ],
      );
    }

    // Bulk load (research/perf-baseline.md §a): COPY into the table stripped of its secondary
    // indexes and unique constraints, which are rebuilt once afterwards. Maintaining the e164
    // unique index row by row, in random order, tripled the load time. Their definitions are
    // read back from the catalog, so the schema stays the migrations' own. Numbers already
    // stored or repeated in the input are skipped, as ON CONFLICT DO NOTHING does in SQLite.
    // The table lock keeps everyone else out until commit (the first start serves nothing yet).
    await all(tx, 'LOCK TABLE phone_numbers IN ACCESS EXCLUSIVE MODE');
    const existing = new Set(
      (await all<{ e164: string }>(tx, 'SELECT e164 FROM phone_numbers')).map((r) => r.e164),
    );
    const constraints = await all<{ name: string; def: string }>(
      tx,
      `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE conrelid = 'phone_numbers'::regclass AND contype = 'u' ORDER BY conname`,
    );
    const indexes = await all<{ name: string; def: string }>(
      tx,
      `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       WHERE i.indrelid = 'phone_numbers'::regclass AND NOT i.indisprimary AND NOT i.indisunique
       ORDER BY c.relname`,
    );
    for (const c of constraints)
      await all(tx, `ALTER TABLE phone_numbers DROP CONSTRAINT ${quoteIdent(c.name)}`);
    for (const index of indexes) await all(tx, `DROP INDEX ${quoteIdent(index.name)}`);
    const unique = await copyNumbers(tx, numbers, existing);
    existing.clear();
    // A repeated number keeps its first row, as with ON CONFLICT DO NOTHING.
    if (!unique)
      await all(
        tx,
        'DELETE FROM phone_numbers a USING phone_numbers b WHERE a.e164 = b.e164 AND a.id > b.id',
      );
    for (const c of constraints) {
      await all(tx, `ALTER TABLE phone_numbers ADD CONSTRAINT ${quoteIdent(c.name)} ${c.def}`);
    }
    for (const index of indexes) await all(tx, index.def);
    await all(tx, 'INSERT INTO settings (key, value) VALUES ($1, $2)', [SEEDED_KEY, String(Date.now())]);
    return true;
  }

  const store: Store = {
    dialect: 'postgres',

    async migrate() {
      await applyMigrations();
    },

    async close() {
      await sql.end({ timeout: 5 });
    },

    settings: {
      async get(key) {
        const [row] = await all<{ value: string }>(sql, 'SELECT value FROM settings WHERE key = $1', [key]);
        return row?.value;
      },
      async getOrInit(key, value) {
        // Two statements: the SELECT's snapshot sees a row another process inserted meanwhile.
        await all(sql, 'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
          key,
          value,
        ]);
        const [row] = await all<{ value: string }>(sql, 'SELECT value FROM settings WHERE key = $1', [key]);
        return row!.value;
      },
      async set(key, value) {
        await all(
          sql,
          'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
          [key, value],
        );
      },
    },

    auth: {
      async createProject(project) {
        const rows = await all(
          sql,
          'INSERT INTO projects (project_id, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1',
          [project.projectId, project.createdAt],
        );
        return rows.length === 1;
      },
      async getProject(projectId) {
        const [row] = await all<{ project_id: string; created_at: number }>(
          sql,
          'SELECT project_id, created_at FROM projects WHERE project_id = $1',
          [projectId],
        );
        return row && { projectId: row.project_id, createdAt: row.created_at };
      },
      async createAccessKey(key) {
        const rows = await all(
          sql,
          `INSERT INTO access_keys (key_id, project_id, secret_hash, created_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING RETURNING 1`,
          [key.keyId, key.projectId, key.secretHash, key.createdAt],
        );
        return rows.length === 1;
      },
      async getAccessKey(keyId) {
        const [row] = await all<{
          key_id: string;
          project_id: string;
          secret_hash: string;
          created_at: number;
        }>(sql, 'SELECT key_id, project_id, secret_hash, created_at FROM access_keys WHERE key_id = $1', [
          keyId,
        ]);
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
        const seeded = await sql.begin((tx) => seedInTransaction(tx, products, numbers));
        // Statistics for the planner, and the visibility map that makes the covering indexes
        // answer with index-only scans. VACUUM cannot run inside a transaction.
        if (seeded) await sql.unsafe('VACUUM (ANALYZE) phone_numbers, products');
      },
      async listProducts() {
        return (await all<ProductRow>(sql, 'SELECT * FROM products ORDER BY region_code, number_type')).map(
          productFromRow,
        );
      },
      async getProduct(regionCode: string, numberType: NumberType) {
        const [row] = await all<ProductRow>(
          sql,
          'SELECT * FROM products WHERE region_code = $1 AND number_type = $2',
          [regionCode, numberType],
        );
        return row && productFromRow(row);
      },
      async searchAvailable(search) {
        const params = new Params();
        const { where, prepare } = searchWhere(search, params);
        const rows = await all<InventoryDbRow>(
          sql,
          `SELECT ${INVENTORY_COLUMNS} FROM phone_numbers WHERE ${where} ORDER BY e164 LIMIT ${params.add(search.limit)}`,
          params.values,
          prepare,
        );
        return rows.map(inventoryFromRow);
      },
      async getAvailable(e164) {
        const [row] = await all<InventoryDbRow>(
          sql,
          `SELECT ${INVENTORY_COLUMNS} FROM phone_numbers WHERE e164 = $1 AND status = 'AVAILABLE'`,
          [e164],
        );
        return row && inventoryFromRow(row);
      },
      async countAvailable() {
        const [row] = await all<{ n: number }>(
          sql,
          "SELECT count(*) AS n FROM phone_numbers WHERE status = 'AVAILABLE'",
        );
        return row!.n;
      },
    },

    numbers: {
      async rent(e164, build) {
        return sql.begin(async (tx) => {
          // The row lock makes concurrent claimers of the same number wait; the first commits
          // and the others then see status ACTIVE and update nothing.
          const rows = await all<InventoryDbRow>(
            tx,
            `UPDATE phone_numbers SET status = 'ACTIVE' WHERE e164 = $1 AND status = 'AVAILABLE'
             RETURNING ${INVENTORY_COLUMNS}`,
            [e164],
          );
          return claimed(tx, rows, build);
        });
      },
      async rentAny(search, build) {
        return sql.begin(async (tx) => {
          const params = new Params();
          const { where, prepare } = searchWhere(search, params);
          // SKIP LOCKED: concurrent claimers each take a different number instead of queueing
          // on the first one.
          const rows = await all<InventoryDbRow>(
            tx,
            `UPDATE phone_numbers SET status = 'ACTIVE'
             WHERE id = (SELECT id FROM phone_numbers WHERE ${where} ORDER BY e164 LIMIT 1 FOR UPDATE SKIP LOCKED)
               AND status = 'AVAILABLE'
             RETURNING ${INVENTORY_COLUMNS}`,
            params.values,
            prepare,
          );
          return claimed(tx, rows, build);
        });
      },
      async getActive(projectId, e164) {
        const [row] = await all<{ record: ActiveNumberRecord }>(
          sql,
          'SELECT record FROM active_numbers WHERE phone_number = $1 AND project_id = $2',
          [e164, projectId],
        );
        return row && activeFromRow(row);
      },
      async listActive(query: ActiveListQuery) {
        const params = new Params();
        let where = `project_id = ${params.add(query.projectId)} AND (expire_at IS NULL OR expire_at > ${params.add(query.now)}::bigint)`;
        if (query.regionCode) where += ` AND region_code = ${params.add(query.regionCode)}`;
        if (query.numberType) where += ` AND number_type = ${params.add(query.numberType)}`;
        if (query.capabilityMasks) where += ` AND ${masksPredicate(query.capabilityMasks)}`;
        if (query.pattern) where += ` AND phone_number LIKE ${params.add(likeOperand(query.pattern))}`;
        const countParams = [...params.values];
        const [count] = await all<{ n: number }>(
          sql,
          `SELECT count(*) AS n FROM active_numbers WHERE ${where}`,
          countParams,
        );
        let page = where;
        if (query.after) {
          page +=
            query.orderBy === 'displayName'
              ? ` AND (display_name, phone_number) > (${params.add(query.after.displayName)}, ${params.add(query.after.phoneNumber)})`
              : ` AND phone_number > ${params.add(query.after.phoneNumber)}`;
        }
        const order = query.orderBy === 'displayName' ? 'display_name, phone_number' : 'phone_number';
        const rows = await all<{ record: ActiveNumberRecord }>(
          sql,
          `SELECT record FROM active_numbers WHERE ${page} ORDER BY ${order} LIMIT ${params.add(query.limit)}`,
          params.values,
        );
        return { records: rows.map(activeFromRow), totalSize: count!.n };
      },
      async updateActive(projectId, e164, mutate: NumberMutation) {
        return sql.begin(async (tx) => {
          const [row] = await all<{ record: ActiveNumberRecord; number_id: number }>(
            tx,
            'SELECT record, number_id FROM active_numbers WHERE phone_number = $1 AND project_id = $2 FOR UPDATE',
            [e164, projectId],
          );
          if (!row) return undefined;
          const current = activeFromRow(row);
          // Synchronous and pure: if it throws, begin() rolls back and rethrows the same error.
          const change = mutate(current);
          if (!change) return current;
          return writeActive(tx, change, row.number_id, false);
        });
      },
      async completeRelease(projectId, e164, now, onRemoved) {
        return sql.begin(async (tx) => {
          // The DELETE locks the row: a concurrent completer waits, then deletes nothing.
          const [row] = await all<{ number_id: number; record: ActiveNumberRecord }>(
            tx,
            `DELETE FROM active_numbers WHERE phone_number = $1 AND project_id = $2
               AND expire_at IS NOT NULL AND expire_at <= $3::bigint
             RETURNING number_id, record`,
            [e164, projectId, now],
          );
          if (!row) return false;
          await all(tx, "UPDATE phone_numbers SET status = 'AVAILABLE' WHERE id = $1", [row.number_id]);
          await all(tx, 'DELETE FROM emergency_addresses WHERE phone_number = $1', [e164]);
          // Synchronous: if it throws, begin() rolls back and rethrows the same error.
          await insertEvents(tx, onRemoved(activeFromRow(row)));
          return true;
        });
      },
    },

    orders: {
      async create(claim, build) {
        try {
          return await sql.begin(async (tx) => {
            let rows: InventoryDbRow[];
            if ('phoneNumbers' in claim) {
              // The numbers are locked in e164 order, so two orders racing for overlapping numbers
              // never deadlock: the second waits, then finds them RESERVED and reserves nothing.
              rows = await all<InventoryDbRow>(
                tx,
                `UPDATE phone_numbers SET status = 'RESERVED'
                 WHERE id = ANY(ARRAY(
                     SELECT id FROM phone_numbers WHERE e164 = ANY($1::text[]) AND status = 'AVAILABLE'
                     ORDER BY e164 FOR UPDATE))
                   AND status = 'AVAILABLE'
                 RETURNING ${INVENTORY_COLUMNS}`,
                [claim.phoneNumbers],
              );
              // A number that is not available (or named twice): nothing is reserved.
              if (rows.length !== claim.phoneNumbers.length) throw new NotAllReserved();
              const byE164 = new Map(rows.map((row) => [row.e164, row]));
              rows = claim.phoneNumbers.map((e164) => byE164.get(e164)!);
            } else {
              const params = new Params();
              const { where, prepare } = searchWhere(claim.search, params);
              // SKIP LOCKED: concurrent orders take different numbers instead of queueing.
              rows = await all<InventoryDbRow>(
                tx,
                `UPDATE phone_numbers SET status = 'RESERVED'
                 WHERE id = ANY(ARRAY(
                     SELECT id FROM phone_numbers WHERE ${where}
                     ORDER BY e164 LIMIT ${params.add(claim.quantity)} FOR UPDATE SKIP LOCKED))
                   AND status = 'AVAILABLE'
                 RETURNING ${INVENTORY_COLUMNS}`,
                params.values,
                prepare,
              );
              if (rows.length < claim.quantity) throw new NotAllReserved();
              rows.sort((a, b) => (a.e164 < b.e164 ? -1 : a.e164 > b.e164 ? 1 : 0));
            }
            // Synchronous: if it throws, begin() rolls back and rethrows the same error.
            return writeOrder(tx, build(rows.map(inventoryFromRow)), true);
          });
        } catch (error) {
          if (error instanceof NotAllReserved) return undefined;
          throw error;
        }
      },
      async get(projectId, orderId) {
        const [row] = await all<{ record: NumberOrderRecord }>(
          sql,
          'SELECT record FROM number_orders WHERE order_id = $1 AND project_id = $2',
          [orderId, projectId],
        );
        return row?.record;
      },
      async list(filter) {
        const params = new Params();
        const conditions: string[] = [];
        if (filter.state) conditions.push(`state = ${params.add(filter.state)}`);
        if (filter.projectId) conditions.push(`project_id = ${params.add(filter.projectId)}`);
        const rows = await all<{ record: NumberOrderRecord }>(
          sql,
          `SELECT record FROM number_orders ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
           ORDER BY created_at, order_id LIMIT ${params.add(filter.limit)}`,
          params.values,
        );
        return rows.map((row) => row.record);
      },
      async update(projectId, orderId, mutate) {
        return sql.begin(async (tx) => {
          const [row] = await all<{ record: NumberOrderRecord }>(
            tx,
            'SELECT record FROM number_orders WHERE order_id = $1 AND project_id = $2 FOR UPDATE',
            [orderId, projectId],
          );
          if (!row) return undefined;
          // Synchronous and pure: if it throws, begin() rolls back and rethrows the same error.
          const change = mutate(row.record);
          return change ? writeOrder(tx, change, false) : row.record;
        });
      },
      async putAttachment(projectId, orderId, attachment, check) {
        return sql.begin(async (tx) => {
          // A share lock: uploads to one order proceed together, a state change waits for them
          // (and they for it), so `check` sees the state the upload commits under.
          const [row] = await all<{ record: NumberOrderRecord }>(
            tx,
            'SELECT record FROM number_orders WHERE order_id = $1 AND project_id = $2 FOR SHARE',
            [orderId, projectId],
          );
          if (!row) return undefined;
          check(row.record);
          const { content, ...metadata } = attachment;
          const [stored] = await all<{ created_at: number }>(
            tx,
            `INSERT INTO order_attachments (order_id, attachment_id, file_name, mime_type, document_type, size,
               content, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6::bigint, $7::bytea, $8::bigint, $9::bigint)
             ON CONFLICT (order_id, attachment_id) DO UPDATE SET file_name = excluded.file_name,
               mime_type = excluded.mime_type, document_type = excluded.document_type, size = excluded.size,
               content = excluded.content, updated_at = excluded.updated_at
             RETURNING created_at`,
            [
              orderId,
              attachment.attachmentId,
              attachment.fileName,
              attachment.mimeType,
              attachment.documentType,
              attachment.size,
              content,
              attachment.createdAt,
              attachment.updatedAt,
            ],
          );
          // A replaced attachment keeps its original creation time.
          return { ...metadata, createdAt: stored!.created_at };
        });
      },
      async listAttachments(orderId) {
        const rows = await all<AttachmentDbRow>(
          sql,
          `SELECT attachment_id, file_name, mime_type, document_type, size, created_at, updated_at
           FROM order_attachments WHERE order_id = $1 ORDER BY attachment_id`,
          [orderId],
        );
        return rows.map(attachmentFromRow);
      },
      async getAttachment(orderId, attachmentId) {
        const [row] = await all<AttachmentDbRow & { content: Buffer }>(
          sql,
          `SELECT attachment_id, file_name, mime_type, document_type, size, content, created_at, updated_at
           FROM order_attachments WHERE order_id = $1 AND attachment_id = $2`,
          [orderId, attachmentId],
        );
        return row && { attachment: attachmentFromRow(row), content: row.content };
      },
    },

    policies: {
      async listLatest() {
        const rows = await all<PolicyDbRow>(
          sql,
          `SELECT DISTINCT ON (region_code, number_type) region_code, number_type, version, document, created_at
           FROM kyc_policies ORDER BY region_code, number_type, version DESC`,
        );
        return rows.map(policyFromRow);
      },
      async getLatest(regionCode, numberType) {
        const [row] = await all<PolicyDbRow>(
          sql,
          `SELECT region_code, number_type, version, document, created_at FROM kyc_policies
           WHERE region_code = $1 AND number_type = $2 ORDER BY version DESC LIMIT 1`,
          [regionCode, numberType],
        );
        return row && policyFromRow(row);
      },
      async putNewVersion(regionCode, numberType, document, now) {
        return sql.begin(async (tx) => {
          // Under the lock, the newest version read is still the newest at the insert.
          await all(tx, `SELECT pg_advisory_xact_lock(${POLICIES_LOCK})`);
          const [latest] = await all<{ v: number }>(
            tx,
            'SELECT coalesce(max(version), 0) AS v FROM kyc_policies WHERE region_code = $1 AND number_type = $2',
            [regionCode, numberType],
          );
          const version = latest!.v + 1;
          const stored = { ...document, version };
          await all(
            tx,
            `INSERT INTO kyc_policies (region_code, number_type, version, document, created_at)
             VALUES ($1, $2, $3, $4::text::json, $5::bigint)`,
            [regionCode, numberType, version, JSON.stringify(stored), now],
          );
          await markDocumentationRequired(tx, regionCode, numberType);
          return { regionCode, numberType, version, document: stored, createdAt: now };
        });
      },
      async seedMissing(documents, now) {
        return sql.begin(async (tx) => {
          // Two processes seeding at once: the second waits, then finds every pair stored.
          await all(tx, `SELECT pg_advisory_xact_lock(${POLICIES_LOCK})`);
          let seeded = 0;
          for (const document of documents) {
            const regionCode = String(document.regionCode);
            const numberType = String(document.numberType);
            const inserted = await all(
              tx,
              `INSERT INTO kyc_policies (region_code, number_type, version, document, created_at)
               SELECT $1::text, $2::text, $3::integer, $4::text::json, $5::bigint
               WHERE NOT EXISTS (SELECT 1 FROM kyc_policies WHERE region_code = $1 AND number_type = $2)
               RETURNING 1`,
              [regionCode, numberType, Number(document.version), JSON.stringify(document), now],
            );
            if (inserted.length === 1) {
              await markDocumentationRequired(tx, regionCode, numberType);
              seeded += 1;
            }
          }
          return seeded;
        });
      },
    },

    callbacks: {
      async getSealedSecret(projectId) {
        const [row] = await all<{ sealed_secret: string }>(
          sql,
          'SELECT sealed_secret FROM callback_configurations WHERE project_id = $1',
          [projectId],
        );
        return row?.sealed_secret;
      },
      async setSealedSecret(projectId, sealed, now) {
        await all(
          sql,
          `INSERT INTO callback_configurations (project_id, sealed_secret, updated_at) VALUES ($1, $2, $3::bigint)
           ON CONFLICT (project_id) DO UPDATE SET sealed_secret = excluded.sealed_secret, updated_at = excluded.updated_at`,
          [projectId, sealed, now],
        );
      },
      async getFaults(projectId) {
        const [row] = await all<{ faults: CallbackFaults }>(
          sql,
          'SELECT faults FROM callback_faults WHERE project_id = $1',
          [projectId],
        );
        return row?.faults;
      },
      async setFaults(projectId, faults) {
        await all(
          sql,
          `INSERT INTO callback_faults (project_id, faults) VALUES ($1, $2::text::json)
           ON CONFLICT (project_id) DO UPDATE SET faults = excluded.faults`,
          [projectId, JSON.stringify(faults)],
        );
      },
      async getEvent(eventId) {
        const [row] = await all<EventRow>(
          sql,
          `SELECT ${EVENT_COLUMNS} FROM callback_events WHERE event_id = $1`,
          [eventId],
        );
        return row && eventFromRow(row);
      },
      async recordAttempt(eventId, attempt, state, retryAt) {
        await sql.begin(async (tx) => {
          await all(
            tx,
            `INSERT INTO callback_attempts (event_id, attempt, attempted_at, request_headers, request_body,
               response_status, latency_ms, error)
             VALUES ($1, $2, $3::bigint, $4::text::json, $5, $6, $7, $8)`,
            [
              eventId,
              attempt.attempt,
              attempt.attemptedAt,
              JSON.stringify(attempt.requestHeaders),
              attempt.requestBody,
              attempt.responseStatus,
              attempt.latencyMs,
              attempt.error,
            ],
          );
          await all(
            tx,
            `UPDATE callback_events SET state = $2, attempts = greatest(attempts, $3::integer), updated_at = $4::bigint
             WHERE event_id = $1`,
            [eventId, state, attempt.attempt, attempt.attemptedAt],
          );
          if (retryAt !== null) await insertJobs(tx, [deliveryJob(eventId, retryAt)], Date.now());
        });
      },
      async redeliver(eventId, now) {
        return sql.begin(async (tx) => {
          const updated = await all(
            tx,
            "UPDATE callback_events SET state = 'PENDING', updated_at = $2::bigint WHERE event_id = $1 RETURNING 1",
            [eventId, now],
          );
          if (updated.length !== 1) return false;
          await insertJobs(tx, [deliveryJob(eventId, now)], Date.now());
          return true;
        });
      },
      async listEvents(filter) {
        const params = new Params();
        const conditions: string[] = [];
        if (filter.projectId !== undefined) conditions.push(`project_id = ${params.add(filter.projectId)}`);
        if (filter.resourceId !== undefined)
          conditions.push(`resource_id = ${params.add(filter.resourceId)}`);
        if (filter.eventType !== undefined) conditions.push(`event_type = ${params.add(filter.eventType)}`);
        if (filter.state !== undefined) conditions.push(`state = ${params.add(filter.state)}`);
        // One statement, so the events and their attempts come from one snapshot. The attempts
        // are aggregated after the LIMIT, for the listed events only.
        const rows = await all<EventRow & { deliveries: AttemptRow[] }>(
          sql,
          `SELECT e.*, coalesce((
               SELECT json_agg(json_build_object(
                   'event_id', a.event_id, 'attempt', a.attempt, 'attempted_at', a.attempted_at,
                   'request_headers', a.request_headers, 'request_body', a.request_body,
                   'response_status', a.response_status, 'latency_ms', a.latency_ms, 'error', a.error)
                 ORDER BY a.id)
               FROM callback_attempts a WHERE a.event_id = e.event_id), '[]'::json) AS deliveries
           FROM (SELECT ${EVENT_COLUMNS} FROM callback_events
                 ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
                 ORDER BY created_at DESC, event_id DESC LIMIT ${params.add(filter.limit)}) e
           ORDER BY e.created_at DESC, e.event_id DESC`,
          params.values,
        );
        return rows.map(({ deliveries, ...row }) => ({
          ...eventFromRow(row),
          deliveries: deliveries.map(attemptFromRow),
        }));
      },
    },

    emergency: {
      async get(projectId, phoneNumber) {
        const [row] = await all<{ display_name: string; address: EmergencyAddress; updated_at: number }>(
          sql,
          'SELECT display_name, address, updated_at FROM emergency_addresses WHERE phone_number = $1 AND project_id = $2',
          [phoneNumber, projectId],
        );
        return row && { displayName: row.display_name, address: row.address, updatedAt: row.updated_at };
      },
      async put(projectId, phoneNumber, value) {
        await all(
          sql,
          `INSERT INTO emergency_addresses (phone_number, project_id, display_name, address, updated_at)
           VALUES ($1, $2, $3, $4::text::json, $5::bigint)
           ON CONFLICT (phone_number) DO UPDATE SET
             display_name = excluded.display_name, address = excluded.address, updated_at = excluded.updated_at
           WHERE emergency_addresses.project_id = excluded.project_id`,
          [phoneNumber, projectId, value.displayName, JSON.stringify(value.address), value.updatedAt],
        );
      },
      async delete(projectId, phoneNumber) {
        const rows = await all(
          sql,
          'DELETE FROM emergency_addresses WHERE phone_number = $1 AND project_id = $2 RETURNING 1',
          [phoneNumber, projectId],
        );
        return rows.length === 1;
      },
    },

    jobs: {
      async enqueue(jobs) {
        await insertJobs(sql, jobs, Date.now());
      },
      async claimDue(now, limit, leaseMs) {
        // SKIP LOCKED: two workers polling at once claim disjoint jobs. A row another worker
        // claimed meanwhile fails the re-checked `run_at <= now` and is skipped.
        const rows = await all<JobRow & { due_at: number }>(
          sql,
          `WITH due AS (
             SELECT id, run_at FROM jobs WHERE status IN ('pending', 'running') AND run_at <= $1::bigint
             ORDER BY run_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
           UPDATE jobs SET status = 'running', run_at = $3::bigint, attempts = jobs.attempts + 1
           FROM due WHERE jobs.id = due.id
           RETURNING jobs.id, jobs.kind, jobs.payload, jobs.attempts, due.run_at AS due_at`,
          [now, limit, now + leaseMs],
        );
        rows.sort((a, b) => a.due_at - b.due_at || a.id - b.id);
        return rows.map(
          (r): Job => ({ id: r.id, kind: r.kind, payload: r.payload, runAt: now, attempts: r.attempts }),
        );
      },
      async complete(id) {
        await all(sql, 'DELETE FROM jobs WHERE id = $1', [id]);
      },
      async fail(id, error, runAt) {
        if (runAt === null) {
          await all(sql, "UPDATE jobs SET status = 'dead', last_error = $2 WHERE id = $1", [id, error]);
        } else {
          await all(
            sql,
            "UPDATE jobs SET status = 'pending', run_at = $2::bigint, last_error = $3 WHERE id = $1",
            [id, runAt, error],
          );
        }
      },
      async list(filter) {
        const params = new Params();
        const conditions: string[] = [];
        if (filter.kind !== undefined) conditions.push(`kind = ${params.add(filter.kind)}`);
        if (filter.status !== undefined) conditions.push(`status = ${params.add(filter.status)}`);
        const rows = await all<JobRow>(
          sql,
          `SELECT id, kind, payload, run_at, attempts, status, last_error FROM jobs
           ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY id`,
          params.values,
        );
        return rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          payload: r.payload,
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
