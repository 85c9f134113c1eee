import type { Db } from '../db/port.js';

/** A row of the SQLite change log (migrations/0013_search_changes.sql, 0014_active_changes.sql). */
export interface SearchChange {
  seq: number;
  kind: 'number' | 'pair' | 'product' | 'active';
  regionCode: string;
  numberType: string;
  /** kind 'number': the number, and whether it is now for sale; kind 'active': the number. */
  e164?: string;
  available?: boolean;
}

/** Rows read per statement while following the log. */
const BATCH = 1000;

/** Rows the log keeps when pruned: ~30 s of rentals at the bench's top rate. */
export const SEARCH_CHANGES_KEPT = 100_000;

interface ChangeRow {
  seq: number | string;
  kind: string;
  region_code: string;
  number_type: string;
  e164: string | null;
  available: number | null;
}

function fromRow(row: ChangeRow): SearchChange {
  return {
    seq: Number(row.seq),
    kind: row.kind as SearchChange['kind'],
    regionCode: row.region_code,
    numberType: row.number_type,
    ...(row.e164 === null ? {} : { e164: row.e164 }),
    ...(row.available === null ? {} : { available: Boolean(row.available) }),
  };
}

/**
 * A process's reader of the change log, through the store's own handle (never inside a
 * transaction, whose rows may still roll back). The log's seqs have no holes but at the pruned
 * start: SQLite writes one transaction at a time and AUTOINCREMENT rolls back with it.
 */
export function searchChanges(root: Db) {
  /** The last seq applied; undefined until the first read. */
  let applied: number | undefined;

  return {
    /** The last seq this process applied (0 before it read the log). */
    get applied(): number {
      return applied ?? 0;
    },

    /**
     * Applies, in order, every change committed since the last one applied. Starts at the log's
     * end on the first call (nothing is loaded before it), and calls `forget` when rows it never
     * read were pruned. Concurrent calls each apply only what the other has not.
     */
    async follow(apply: (change: SearchChange) => void, forget: () => void): Promise<void> {
      if (applied === undefined) {
        const row = await root.get<{ seq: number | string }>(
          'SELECT coalesce(max(seq), 0) AS seq FROM search_changes',
        );
        if (applied === undefined) {
          applied = Number(row!.seq);
          return;
        }
        // Another first call started meanwhile: read what came after it, as any later call.
      }
      for (;;) {
        const rows = await root.all<ChangeRow>(
          `SELECT seq, kind, region_code, number_type, e164, available FROM search_changes
           WHERE seq > $1 ORDER BY seq LIMIT ${BATCH}`,
          [applied],
        );
        for (const row of rows) {
          const change = fromRow(row);
          if (change.seq <= applied!) continue;
          if (change.seq !== applied! + 1) forget();
          else apply(change);
          applied = change.seq;
        }
        if (rows.length < BATCH) return;
      }
    },

    /**
     * The pair's 'number' and 'pair' changes with `after` < seq <= `upTo`, in order; undefined
     * when some of them were pruned already.
     */
    async pairChanges(
      regionCode: string,
      numberType: string,
      after: number,
      upTo: number,
    ): Promise<SearchChange[] | undefined> {
      // The log's first seq in the same snapshot, as a row without a number.
      const rows = await root.all<ChangeRow>(
        `SELECT seq, kind, region_code, number_type, e164, available FROM search_changes
         WHERE seq > $1 AND seq <= $2 AND kind IN ('number', 'pair') AND region_code = $3 AND number_type = $4
         UNION ALL
         SELECT coalesce(min(seq), 0), 'first', '', '', NULL, NULL FROM search_changes
         ORDER BY 1`,
        [after, upTo, regionCode, numberType],
      );
      const first = rows.find((row) => row.kind === 'first');
      if (first && Number(first.seq) > after + 1) return undefined;
      return rows.filter((row) => row.kind !== 'first').map(fromRow);
    },
  };
}

/** What a process keeps in memory from the store, and how the log keeps it current. */
export interface ChangeListener {
  /** A change committed since the last one applied, in commit order. */
  apply(change: SearchChange): void;
  /** Rows were pruned before this process read them: nothing kept is to be trusted. */
  forget(): void;
}

/**
 * One reader of the log for a process's several keepers of memory (searches, active numbers):
 * one look at the log brings every listener up to the same change.
 */
export function changeFeed(root: Db) {
  const log = searchChanges(root);
  const listeners: ChangeListener[] = [];
  const apply = (change: SearchChange) => {
    for (const listener of listeners) listener.apply(change);
  };
  const forget = () => {
    for (const listener of listeners) listener.forget();
  };
  return {
    log,
    listen(listener: ChangeListener): void {
      listeners.push(listener);
    },
    /** Applies to every listener what was committed since the last look (see `follow` above). */
    follow(): Promise<void> {
      return log.follow(apply, forget);
    },
  };
}

export type ChangeFeed = ReturnType<typeof changeFeed>;

/** Rows deleted at most per prune, so that one holds the write lock and the thread briefly. */
export const PRUNE_CHUNK = 20_000;

/**
 * Deletes the oldest rows of the log beyond the last `kept` (at least 1: the last row tells
 * readers where the log ends), at most PRUNE_CHUNK of them; returns how many went.
 */
export function pruneSearchChanges(db: Db, kept = SEARCH_CHANGES_KEPT): Promise<number> {
  return db.run(
    `DELETE FROM search_changes WHERE seq <= (SELECT min(max(seq) - $1, min(seq) + $2 - 1) FROM search_changes)`,
    [Math.max(1, kept), PRUNE_CHUNK],
  );
}
