import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { OutgoingEvent } from '../../domain/callbacks/events.js';
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
  Job,
  NumberMutation,
  OrderChange,
  RentBuilder,
  Store,
} from '../types.js';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
const SEEDED_KEY = 'inventory.seededAt';
/**
 * Page cache per connection (KiB). Its pages stay in RSS once touched, and malloc keeps them
 * even after SQLite lets go; the operating system caches the file anyway. 64 MiB made the first
 * start's load fill ~90 MB of RSS for no measurable gain in search latency (docs/architecture.md,
 * "Memory at start").
 */
const CACHE_KIB = 16384;

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
  db.pragma(`cache_size = -${CACHE_KIB}`);
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
    insertEvents(change.events ?? []);
    return change.record;
  }

  function insertEvents(events: OutgoingEvent[]): void {
    for (const event of events) {
      run(
        `INSERT INTO callback_events (event_id, project_id, resource_type, resource_id, event_type, status, url, body, created_at, updated_at)
         VALUES (@event_id, @project_id, @resource_type, @resource_id, @event_type, @status, @url, @body, @created_at, @created_at)`,
        eventToRow(event),
      );
    }
    insertJobs(deliveryJobs(events), Date.now());
  }

  function writeOrder(change: OrderChange, insert: boolean): NumberOrderRecord {
    const { order } = change;
    const row = {
      order_id: order.orderId,
      project_id: order.projectId,
      state: order.state,
      created_at: order.createdAt,
      record: JSON.stringify(order),
    };
    if (insert) {
      run(
        'INSERT INTO number_orders (order_id, project_id, state, created_at, record) VALUES (@order_id, @project_id, @state, @created_at, @record)',
        row,
      );
    } else {
      run('UPDATE number_orders SET state = @state, record = @record WHERE order_id = @order_id', row);
    }
    const ids = order.orderNumbers.map((n) => n.numberId);
    if (change.releaseNumbers) {
      for (const id of ids)
        run("UPDATE phone_numbers SET status = 'AVAILABLE' WHERE id = @id AND status = 'RESERVED'", { id });
    }
    for (const activation of change.activate ?? []) {
      const numberId = order.orderNumbers.find(
        (n) => n.phoneNumber === activation.record.phoneNumber,
      )?.numberId;
      const claimed = run(
        "UPDATE phone_numbers SET status = 'ACTIVE' WHERE id = @id AND status = 'RESERVED'",
        { id: numberId },
      );
      if (claimed.changes !== 1)
        throw new Error(`Number ${activation.record.phoneNumber} is not reserved by order ${order.orderId}`);
      writeActive(activation, numberId!, true);
    }
    insertJobs(change.jobs ?? [], Date.now());
    insertEvents(change.events ?? []);
    return order;
  }

  /** Numbers of a (region, type) with a KYC policy are sold with supporting documentation. */
  function markDocumentationRequired(regionCode: string, numberType: string): void {
    run(
      'UPDATE products SET supporting_documentation_required = 1 WHERE region_code = @regionCode AND number_type = @numberType',
      { regionCode, numberType },
    );
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
      async completeRelease(projectId, e164, now, onRemoved) {
        return db.transaction(() => {
          const row = get<{ number_id: number; record: string }>(
            `DELETE FROM active_numbers WHERE phone_number = @e164 AND project_id = @projectId
             AND expire_at IS NOT NULL AND expire_at <= @now RETURNING number_id, record`,
            { e164, projectId, now },
          );
          if (!row) return false;
          run("UPDATE phone_numbers SET status = 'AVAILABLE' WHERE id = @id", { id: row.number_id });
          run('DELETE FROM emergency_addresses WHERE phone_number = @e164', { e164 });
          insertEvents(onRemoved(activeFromRow(row)));
          return true;
        })();
      },
    },

    callbacks: {
      async getSealedSecret(projectId) {
        return get<{ sealed_secret: string }>(
          'SELECT sealed_secret FROM callback_configurations WHERE project_id = @projectId',
          {
            projectId,
          },
        )?.sealed_secret;
      },
      async setSealedSecret(projectId, sealed, now) {
        run(
          `INSERT INTO callback_configurations (project_id, sealed_secret, updated_at) VALUES (@projectId, @sealed, @now)
           ON CONFLICT (project_id) DO UPDATE SET sealed_secret = excluded.sealed_secret, updated_at = excluded.updated_at`,
          { projectId, sealed, now },
        );
      },
      async getFaults(projectId) {
        const row = get<{ faults: string }>(
          'SELECT faults FROM callback_faults WHERE project_id = @projectId',
          { projectId },
        );
        return row && JSON.parse(row.faults);
      },
      async setFaults(projectId, faults) {
        run(
          `INSERT INTO callback_faults (project_id, faults) VALUES (@projectId, @faults)
           ON CONFLICT (project_id) DO UPDATE SET faults = excluded.faults`,
          { projectId, faults: JSON.stringify(faults) },
        );
      },
      async getEvent(eventId) {
        const row = get<EventRow>('SELECT * FROM callback_events WHERE event_id = @eventId', { eventId });
        return row && eventFromRow(row);
      },
      async recordAttempt(eventId, attempt, state, retryAt) {
        db.transaction(() => {
          run(
            `INSERT INTO callback_attempts (event_id, attempt, attempted_at, request_headers, request_body, response_status, latency_ms, error)
             VALUES (@eventId, @attempt, @attemptedAt, @headers, @requestBody, @responseStatus, @latencyMs, @error)`,
            { eventId, ...attempt, headers: JSON.stringify(attempt.requestHeaders) },
          );
          run(
            `UPDATE callback_events SET state = @state, attempts = max(attempts, @attempt), updated_at = @attemptedAt
             WHERE event_id = @eventId`,
            { eventId, state, attempt: attempt.attempt, attemptedAt: attempt.attemptedAt },
          );
          if (retryAt !== null) insertJobs([deliveryJob(eventId, retryAt)], Date.now());
        })();
      },
      async redeliver(eventId, now) {
        return db.transaction(() => {
          const updated = run(
            "UPDATE callback_events SET state = 'PENDING', updated_at = @now WHERE event_id = @eventId",
            {
              eventId,
              now,
            },
          );
          if (updated.changes !== 1) return false;
          insertJobs([deliveryJob(eventId, now)], Date.now());
          return true;
        })();
      },
      async listEvents(filter) {
        // Only the given filters go into the WHERE clause, so the project/resource indexes apply.
        const conditions: string[] = [];
        const params: Params = { limit: filter.limit };
        for (const [column, key] of [
          ['project_id', 'projectId'],
          ['resource_id', 'resourceId'],
          ['event_type', 'eventType'],
          ['state', 'state'],
        ] as const) {
          if (filter[key] === undefined) continue;
          conditions.push(`${column} = @${key}`);
          params[key] = filter[key];
        }
        const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
        const rows = all<EventRow>(
          `SELECT * FROM callback_events ${where} ORDER BY created_at DESC, event_id DESC LIMIT @limit`,
          params,
        );
        return rows.map((row) => ({
          ...eventFromRow(row),
          deliveries: all<AttemptRow>(
            'SELECT * FROM callback_attempts WHERE event_id = @eventId ORDER BY id',
            {
              eventId: row.event_id,
            },
          ).map(attemptFromRow),
        }));
      },
    },

    orders: {
      async create(claim, build) {
        return db.transaction(() => {
          let rows: InventoryDbRow[];
          if ('phoneNumbers' in claim) {
            rows = claim.phoneNumbers.map((e164) =>
              get<InventoryDbRow>(
                "SELECT id, e164, region_code, number_type, capabilities FROM phone_numbers WHERE e164 = @e164 AND status = 'AVAILABLE'",
                { e164 },
              ),
            ) as InventoryDbRow[];
            if (rows.some((row) => !row)) return undefined;
          } else {
            const { sql, params } = searchSql(claim.search);
            rows = all<InventoryDbRow>(`${sql} LIMIT @limit`, { ...params, limit: claim.quantity });
            if (rows.length < claim.quantity) return undefined;
          }
          for (const row of rows) {
            const reserved = run(
              "UPDATE phone_numbers SET status = 'RESERVED' WHERE id = @id AND status = 'AVAILABLE'",
              { id: row.id },
            );
            if (reserved.changes !== 1) throw new Error('reservation raced');
          }
          return writeOrder(build(rows.map(inventoryFromRow)), true);
        })();
      },
      async get(projectId, orderId) {
        const row = get<{ record: string }>(
          'SELECT record FROM number_orders WHERE order_id = @orderId AND project_id = @projectId',
          {
            orderId,
            projectId,
          },
        );
        return row && JSON.parse(row.record);
      },
      async list(filter) {
        const conditions: string[] = [];
        const params: Params = { limit: filter.limit };
        if (filter.state) {
          conditions.push('state = @state');
          params.state = filter.state;
        }
        if (filter.projectId) {
          conditions.push('project_id = @projectId');
          params.projectId = filter.projectId;
        }
        const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
        return all<{ record: string }>(
          `SELECT record FROM number_orders ${where} ORDER BY created_at, order_id LIMIT @limit`,
          params,
        ).map((row) => JSON.parse(row.record));
      },
      async update(projectId, orderId, mutate) {
        return db.transaction(() => {
          const row = get<{ record: string }>(
            'SELECT record FROM number_orders WHERE order_id = @orderId AND project_id = @projectId',
            {
              orderId,
              projectId,
            },
          );
          if (!row) return undefined;
          const current: NumberOrderRecord = JSON.parse(row.record);
          const change = mutate(current);
          return change ? writeOrder(change, false) : current;
        })();
      },
      async putAttachment(projectId, orderId, attachment, check) {
        return db.transaction(() => {
          const row = get<{ record: string }>(
            'SELECT record FROM number_orders WHERE order_id = @orderId AND project_id = @projectId',
            {
              orderId,
              projectId,
            },
          );
          if (!row) return undefined;
          check(JSON.parse(row.record));
          const existing = get<{ created_at: number }>(
            'SELECT created_at FROM order_attachments WHERE order_id = @orderId AND attachment_id = @attachmentId',
            { orderId, attachmentId: attachment.attachmentId },
          );
          const stored = { ...attachment, createdAt: existing?.created_at ?? attachment.createdAt };
          run(
            `INSERT INTO order_attachments (order_id, attachment_id, file_name, mime_type, document_type, size, content, created_at, updated_at)
             VALUES (@orderId, @attachmentId, @fileName, @mimeType, @documentType, @size, @content, @createdAt, @updatedAt)
             ON CONFLICT (order_id, attachment_id) DO UPDATE SET file_name = excluded.file_name, mime_type = excluded.mime_type,
               document_type = excluded.document_type, size = excluded.size, content = excluded.content, updated_at = excluded.updated_at`,
            { orderId, ...stored },
          );
          const { content: _content, ...metadata } = stored;
          return metadata;
        })();
      },
      async listAttachments(orderId) {
        return all<AttachmentDbRow>(
          `SELECT attachment_id, file_name, mime_type, document_type, size, created_at, updated_at
           FROM order_attachments WHERE order_id = @orderId ORDER BY attachment_id`,
          { orderId },
        ).map(attachmentFromRow);
      },
      async getAttachment(orderId, attachmentId) {
        const row = get<AttachmentDbRow & { content: Buffer }>(
          'SELECT * FROM order_attachments WHERE order_id = @orderId AND attachment_id = @attachmentId',
          { orderId, attachmentId },
        );
        return row && { attachment: attachmentFromRow(row), content: row.content };
      },
    },

    policies: {
      async listLatest() {
        return all<PolicyDbRow>(
          `SELECT p.* FROM kyc_policies p
           WHERE p.version = (SELECT max(version) FROM kyc_policies q WHERE q.region_code = p.region_code AND q.number_type = p.number_type)
           ORDER BY p.region_code, p.number_type`,
        ).map(policyFromRow);
      },
      async getLatest(regionCode, numberType) {
        const row = get<PolicyDbRow>(
          `SELECT * FROM kyc_policies WHERE region_code = @regionCode AND number_type = @numberType ORDER BY version DESC LIMIT 1`,
          { regionCode, numberType },
        );
        return row && policyFromRow(row);
      },
      async putNewVersion(regionCode, numberType, document, now) {
        return db.transaction(() => {
          const latest = get<{ v: number | null }>(
            'SELECT max(version) AS v FROM kyc_policies WHERE region_code = @regionCode AND number_type = @numberType',
            { regionCode, numberType },
          );
          const version = (latest?.v ?? 0) + 1;
          const stored = { ...document, version };
          run(
            `INSERT INTO kyc_policies (region_code, number_type, version, document, created_at)
             VALUES (@regionCode, @numberType, @version, @document, @now)`,
            { regionCode, numberType, version, document: JSON.stringify(stored), now },
          );
          markDocumentationRequired(regionCode, numberType);
          return { regionCode, numberType, version, document: stored, createdAt: now };
        })();
      },
      async seedMissing(documents, now) {
        return db
          .transaction(() => {
            let seeded = 0;
            for (const document of documents) {
              const regionCode = String(document.regionCode);
              const numberType = String(document.numberType);
              const inserted = run(
                `INSERT INTO kyc_policies (region_code, number_type, version, document, created_at)
               SELECT @regionCode, @numberType, @version, @document, @now
               WHERE NOT EXISTS (SELECT 1 FROM kyc_policies WHERE region_code = @regionCode AND number_type = @numberType)`,
                {
                  regionCode,
                  numberType,
                  version: Number(document.version),
                  document: JSON.stringify(document),
                  now,
                },
              );
              if (inserted.changes === 1) {
                markDocumentationRequired(regionCode, numberType);
                seeded += 1;
              }
            }
            return seeded;
          })
          .immediate();
      },
    },

    emergency: {
      async get(projectId, phoneNumber) {
        const row = get<{ display_name: string; address: string; updated_at: number }>(
          'SELECT * FROM emergency_addresses WHERE phone_number = @phoneNumber AND project_id = @projectId',
          { projectId, phoneNumber },
        );
        return (
          row && {
            displayName: row.display_name,
            address: JSON.parse(row.address),
            updatedAt: row.updated_at,
          }
        );
      },
      async put(projectId, phoneNumber, value) {
        run(
          `INSERT INTO emergency_addresses (phone_number, project_id, display_name, address, updated_at)
           VALUES (@phoneNumber, @projectId, @displayName, @address, @updatedAt)
           ON CONFLICT (phone_number) DO UPDATE SET display_name = excluded.display_name,
             address = excluded.address, updated_at = excluded.updated_at
           WHERE emergency_addresses.project_id = excluded.project_id`,
          {
            projectId,
            phoneNumber,
            displayName: value.displayName,
            address: JSON.stringify(value.address),
            updatedAt: value.updatedAt,
          },
        );
      },
      async delete(projectId, phoneNumber) {
        return (
          run(
            'DELETE FROM emergency_addresses WHERE phone_number = @phoneNumber AND project_id = @projectId',
            {
              projectId,
              phoneNumber,
            },
          ).changes === 1
        );
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
