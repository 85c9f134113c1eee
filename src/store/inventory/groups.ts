import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { InventoryNumber } from '../../domain/inventory/generate.js';
import type { Dialect } from '../db/dialect.js';
import type { Db } from '../db/port.js';
import type { InventoryGroupSource, InventoryLoadProgress, InventoryScope } from './port.js';

/**
 * The lazy inventory (docs/decisions.md, "The inventory loads lazily"): the seed inventory's
 * numbers are written one calling-code group at a time, by a background loader (`loadAll`) and,
 * ahead of it, by any operation that needs a group not loaded yet (`ensure`). Every process
 * sharing the store takes part: a group is claimed in `inventory_groups` under a lock, written
 * in chunks by its claimer (each chunk renews the claim), and marked loaded; the others poll
 * the marker. Numbers are inserted ON CONFLICT DO NOTHING with the totals counted from the rows
 * actually inserted, so a group taken over from a loader that died repeats work, never numbers.
 */

/** Numbers per chunk transaction: short enough that the write lock is never held long (~30 ms). */
export const GROUP_CHUNK_ROWS = 2000;
/** A claim not renewed for this long is a dead loader's: another process takes the group over. */
export const CLAIM_STALE_MS = 30_000;
/** How often a process waiting for a group another process loads reads its marker. */
const POLL_MS = 50;
/** The lock every claim takes (PostgreSQL advisory; SQLite transactions all take the write lock). */
const CLAIM_LOCK = 'open_numbers.inventory_groups';
/** The marker row written once every group is loaded. */
const ALL = '*';
/** Between pause points, the generator runs at most this long before yielding to the event loop. */
const SLICE_MS = 10;

/** Another process took the group over (this one's claim went stale). */
class LostClaim extends Error {}

/** The store closes: loads stop after their chunk. */
class Closing extends Error {}

/** Writes a chunk of numbers (ON CONFLICT DO NOTHING) and their totals, in the caller's transaction. */
export type InsertChunk = (tx: Db, numbers: readonly InventoryNumber[]) => Promise<number>;

export interface GroupLoader {
  setSource(source: InventoryGroupSource): void;
  ensure(scope: InventoryScope): Promise<void>;
  isFullyLoaded(): Promise<boolean>;
  loadAll(onProgress?: (event: InventoryLoadProgress) => void): Promise<number>;
  stop(): Promise<void>;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function groupLoader(db: Db, dialect: Dialect, insertChunk: InsertChunk): GroupLoader {
  const me = randomUUID();
  let source: InventoryGroupSource | undefined;
  /** Groups known to be loaded; `full` once all are. */
  const loaded = new Set<string>();
  let full = false;
  /** The load of a group this process is running or waiting for. */
  const pending = new Map<string, Promise<boolean>>();
  let stopping = false;
  /** Numbers this process wrote, and who hears of each chunk (the background load's progress). */
  let written = 0;
  let onWritten: (written: number) => void = () => {};
  /** Whether this process ever claimed a group (stop() releases its claims). */
  let claimedAny = false;
  let working: Promise<unknown> = Promise.resolve();

  async function readMarkers(): Promise<void> {
    const rows = await db.all<{ calling_code: string }>(
      'SELECT calling_code FROM inventory_groups WHERE loaded_at IS NOT NULL',
    );
    for (const row of rows) {
      if (row.calling_code === ALL) full = true;
      else loaded.add(row.calling_code);
    }
    if (source?.groups.every((code) => loaded.has(code))) full = true;
  }

  type MarkerRow = {
    calling_code: string;
    claimed_by: string | null;
    claimed_at: number | string | null;
    loaded_at: number | string | null;
  };
  const SELECT_MARKERS =
    'SELECT calling_code, claimed_by, claimed_at, loaded_at FROM inventory_groups WHERE calling_code IN ($1, $2)';

  /** What the markers say of a group: loaded, busy (another process's live claim), or open to claim. */
  function markerState(rows: MarkerRow[], code: string): 'loaded' | 'busy' | 'open' {
    if (rows.some((r) => r.loaded_at !== null)) return 'loaded';
    const row = rows.find((r) => r.calling_code === code);
    const live =
      row?.claimed_by && row.claimed_by !== me && Date.now() - Number(row.claimed_at) < CLAIM_STALE_MS;
    return live ? 'busy' : 'open';
  }

  /** 'loaded', 'claimed' (by this process now) or 'busy' (another process holds a live claim). */
  async function claim(code: string): Promise<'loaded' | 'claimed' | 'busy'> {
    // A plain read first: a process waiting for another's group polls without the write lock.
    const seen = markerState(await db.all<MarkerRow>(SELECT_MARKERS, [code, ALL]), code);
    if (seen !== 'open') return seen;
    return db.transaction(
      async (tx) => {
        const state = markerState(await tx.all<MarkerRow>(SELECT_MARKERS, [code, ALL]), code);
        if (state !== 'open') return state;
        await tx.run(
          `INSERT INTO inventory_groups (calling_code, claimed_by, claimed_at) VALUES ($1, $2, $3::bigint)
           ON CONFLICT (calling_code) DO UPDATE SET claimed_by = excluded.claimed_by, claimed_at = excluded.claimed_at`,
          [code, me, Date.now()],
        );
        claimedAny = true;
        return 'claimed';
      },
      { lock: CLAIM_LOCK },
    );
  }

  /** Renews this process's claim in the chunk's transaction; throws LostClaim when it was taken over. */
  async function renew(tx: Db, code: string): Promise<void> {
    const renewed = await tx.run(
      `UPDATE inventory_groups SET claimed_at = $3::bigint
       WHERE calling_code = $1 AND claimed_by = $2 AND loaded_at IS NULL`,
      [code, me, Date.now()],
    );
    if (renewed !== 1) throw new LostClaim();
  }

  /** Writes a claimed group chunk by chunk, then marks it loaded. False when the claim was lost. */
  async function fill(code: string): Promise<boolean> {
    let chunk: InventoryNumber[] = [];
    let sliceStarted = performance.now();
    const write = async () => {
      const numbers = chunk;
      chunk = [];
      const inserted = await db.transaction(async (tx) => {
        await renew(tx, code);
        return insertChunk(tx, numbers);
      });
      written += inserted;
      onWritten(written);
      await yieldToEventLoop();
      sliceStarted = performance.now();
    };
    try {
      for (const n of source!.numbers(code)) {
        if (stopping) return false;
        if (n === null) {
          // Generation pauses: let requests run if this slice took its share of the thread.
          if (performance.now() - sliceStarted > SLICE_MS) {
            await yieldToEventLoop();
            sliceStarted = performance.now();
          }
          continue;
        }
        chunk.push(n);
        if (chunk.length === GROUP_CHUNK_ROWS) await write();
      }
      if (chunk.length) await write();
      await db.transaction(async (tx) => {
        await renew(tx, code);
        await tx.run('UPDATE inventory_groups SET loaded_at = $2::bigint WHERE calling_code = $1', [
          code,
          Date.now(),
        ]);
      });
      return true;
    } catch (error) {
      if (error instanceof LostClaim) return false;
      throw error;
    }
  }

  /**
   * Loads one group; when another process is loading it, waits for it (`wait`) or returns false
   * at once (the background loader then takes the next group, so that two processes share
   * the work instead of following each other).
   */
  async function loadGroup(code: string, wait: boolean): Promise<boolean> {
    for (;;) {
      if (stopping) throw new Closing('the store is closing');
      const state = await claim(code);
      if (state === 'loaded') break;
      if (state === 'busy') {
        if (!wait) return false;
        await sleep(POLL_MS);
      } else if (await fill(code)) break;
    }
    loaded.add(code);
    return true;
  }

  /** The one load of `code` at a time in this process: an `ensure` and the background loader share it. */
  function load(code: string, wait: boolean): Promise<boolean> {
    const running = pending.get(code);
    if (running) return running.then((done) => (done || !wait ? done : load(code, wait)));
    const promise = loadGroup(code, wait).finally(() => pending.delete(code));
    pending.set(code, promise);
    working = Promise.all([working, promise.catch(() => {})]);
    return promise;
  }

  /** The groups a scope needs (the rule: a region's group, or each number's calling code's). */
  function groupsOf(scope: InventoryScope): string[] {
    if (!source) return [];
    const codes =
      'regionCode' in scope
        ? [source.groupOfRegion(scope.regionCode)]
        : scope.e164s.map((e164) => source!.groupOfNumber(e164));
    return [...new Set(codes.filter((code): code is string => code !== undefined))];
  }

  return {
    setSource(plan) {
      source = plan;
    },
    async ensure(scope) {
      if (full || !source) return;
      for (const code of groupsOf(scope)) if (!loaded.has(code)) await load(code, true);
    },
    async isFullyLoaded() {
      await readMarkers();
      return full;
    },
    async loadAll(onProgress = () => {}) {
      await readMarkers();
      if (full || !source) return 0;
      const started = performance.now();
      const missing = source.groups.filter((code) => !loaded.has(code));
      onProgress({ phase: 'loading', groups: missing.length, of: source.groups.length });
      const before = written;
      onWritten = (count) => onProgress({ phase: 'numbers', written: count });
      try {
        // First the groups no other process is loading, then wait for the rest.
        const busy: string[] = [];
        for (const code of missing) {
          if (!loaded.has(code) && !(await load(code, false))) busy.push(code);
        }
        for (const code of busy) await load(code, true);
      } catch (error) {
        if (error instanceof Closing) return written - before;
        throw error;
      }
      await db.transaction(async (tx) => {
        await tx.run(
          `INSERT INTO inventory_groups (calling_code, loaded_at) VALUES ($1, $2::bigint)
           ON CONFLICT (calling_code) DO NOTHING`,
          [ALL, Date.now()],
        );
      });
      full = true;
      // Statistics for the planner, now that the table holds its numbers (a bounded sample on
      // SQLite: a full ANALYZE reads the whole file on the serving thread).
      await db.exec(
        dialect.name === 'sqlite' ? 'PRAGMA analysis_limit = 1000; ANALYZE' : 'ANALYZE phone_numbers',
      );
      const totals = await db.get<{ n: number | string | null }>(
        'SELECT sum(total) AS n FROM inventory_totals',
      );
      onProgress({
        phase: 'ready',
        total: Number(totals?.n ?? 0),
        ms: Math.round(performance.now() - started),
      });
      return written - before;
    },
    async stop() {
      stopping = true;
      await working;
      // A restart takes over at once what this process leaves half loaded, instead of waiting
      // for the claim to go stale (a crash leaves it to CLAIM_STALE_MS).
      if (!claimedAny) return;
      await db.run(
        'UPDATE inventory_groups SET claimed_by = NULL WHERE claimed_by = $1 AND loaded_at IS NULL',
        [me],
      );
    },
  };
}
