import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { InventoryNumber } from '../../domain/inventory/generate.js';
import type { Db } from '../db/port.js';
import { type PgConnection, pgDb, type Sql } from '../db/postgres.js';
import type { SeedInventory } from './port.js';
import { SEED_LOCK, seedOnce } from './sql.js';

/** Rows per chunk written to the COPY stream. */
const COPY_CHUNK_ROWS = 2000;

/** A value of a COPY text-format row (inventory values are digits, letters, `+` and `_`). */
function copyText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Streams the numbers into phone_numbers with COPY, skipping those in `existing`. Returns
 * whether they came in strictly ascending order, hence without repeats, as the first start's
 * inventory does: remembering every number copied to skip repeats cost ~50 MB of heap for the
 * default inventory (docs/architecture.md, "Memory at start"), so other input is deduplicated
 * afterwards instead.
 */
async function copyNumbers(
  raw: PgConnection,
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
        `${copyText(n.e164)}\t${copyText(n.regionCode)}\t${copyText(n.numberType)}\t${Math.trunc(n.capabilities)}\n`,
      );
      if (lines.length >= COPY_CHUNK_ROWS) {
        yield lines.join('');
        lines = [];
      }
    }
    if (lines.length) yield lines.join('');
  }
  const writable =
    await raw`COPY phone_numbers (e164, region_code, number_type, capabilities) FROM STDIN`.writable();
  await pipeline(Readable.from(chunks()), writable);
  return ascending;
}

/**
 * Bulk load (research/perf-baseline.md §a): COPY into the table stripped of its secondary
 * indexes and unique constraints, which are rebuilt once afterwards. Maintaining the e164
 * unique index row by row, in random order, tripled the load time. Their definitions are read
 * back from the catalog, so the schema stays the migrations' own. Numbers already stored or
 * repeated in the input are skipped, as ON CONFLICT DO NOTHING does in SQLite. The table lock
 * keeps everyone else out until commit (the first start serves nothing yet).
 */
async function loadNumbers(tx: Db, raw: PgConnection, numbers: Iterable<InventoryNumber>): Promise<void> {
  await tx.run("SET LOCAL maintenance_work_mem = '256MB'");
  await tx.run('LOCK TABLE phone_numbers IN ACCESS EXCLUSIVE MODE');
  const existing = new Set(
    (await tx.all<{ e164: string }>('SELECT e164 FROM phone_numbers')).map((r) => r.e164),
  );
  const constraints = await tx.all<{ name: string; def: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
     WHERE conrelid = 'phone_numbers'::regclass AND contype = 'u' ORDER BY conname`,
  );
  const indexes = await tx.all<{ name: string; def: string }>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = 'phone_numbers'::regclass AND NOT i.indisprimary AND NOT i.indisunique
     ORDER BY c.relname`,
  );
  for (const c of constraints)
    await tx.run(`ALTER TABLE phone_numbers DROP CONSTRAINT ${quoteIdent(c.name)}`);
  for (const index of indexes) await tx.run(`DROP INDEX ${quoteIdent(index.name)}`);
  const unique = await copyNumbers(raw, numbers, existing);
  existing.clear();
  // A repeated number keeps its first row, as with ON CONFLICT DO NOTHING.
  if (!unique)
    await tx.run('DELETE FROM phone_numbers a USING phone_numbers b WHERE a.e164 = b.e164 AND a.id > b.id');
  for (const c of constraints) {
    await tx.run(`ALTER TABLE phone_numbers ADD CONSTRAINT ${quoteIdent(c.name)} ${c.def}`);
  }
  for (const index of indexes) await tx.run(index.def);
}

export function postgresSeed(sql: Sql): SeedInventory {
  return async (products, numbers) => {
    const seeded = await sql.begin(async (raw) => {
      const tx = pgDb(raw, true);
      await tx.all('SELECT pg_advisory_xact_lock(hashtext($1))', [SEED_LOCK]);
      return seedOnce(tx, products, () => loadNumbers(tx, raw, numbers));
    });
    // Statistics for the planner, and the visibility map that makes the covering indexes
    // answer with index-only scans. VACUUM cannot run inside a transaction.
    if (seeded) await sql.unsafe('VACUUM (ANALYZE) phone_numbers, products');
  };
}
