import type { ActiveNumberRecord } from '../../domain/numbers/activeNumber.js';
import type { ChangeFeed } from '../inventory/searchChanges.js';

/**
 * Active numbers kept at most per process, the least recently read going first: ~0.8 KB each
 * (a record with scheduled provisioning, measured), so ~8 MB in all.
 */
export const ACTIVE_KEPT = 10_000;

/**
 * The active numbers this process read lately, by number, kept current by the store's change log
 * (SQLite: migration 0014 logs every write of an `active_numbers` row). After `follow`, a kept
 * record is the row as it is in the store, whichever process wrote it last; a number not kept is
 * read from the table and kept with `keep`.
 *
 * Records are shared by every reader, hence frozen.
 */
export interface ActiveCache {
  /** Applies what any process committed since the last look (one probe of the log, mostly empty). */
  follow(): Promise<void>;
  /** The kept record of the number (now the most recently read), if any. */
  get(e164: string): ActiveNumberRecord | undefined;
  /**
   * Taken before a read of the table: a record read after it is kept only if no change was
   * applied meanwhile (it may have been read before a change whose row this process has applied).
   */
  mark(): number;
  /** Keeps `record`, read from the table after `mark` was taken; returns it frozen. */
  keep(record: ActiveNumberRecord, mark: number): ActiveNumberRecord;
}

function freezeDeep<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) freezeDeep(inner);
    Object.freeze(value);
  }
  return value;
}

export function activeCache(feed: ChangeFeed, max = ACTIVE_KEPT): ActiveCache {
  /** In order of last read: a Map iterates in insertion order, so the first is the oldest. */
  const kept = new Map<string, ActiveNumberRecord>();
  /** Changes applied since start (and forgets): a read that saw one happen meanwhile is not kept. */
  let generation = 0;

  feed.listen({
    apply(change) {
      if (change.kind !== 'active') return;
      kept.delete(change.e164!);
      generation++;
    },
    forget() {
      kept.clear();
      generation++;
    },
  });

  return {
    follow: () => feed.follow(),
    get(e164) {
      const record = kept.get(e164);
      if (record) {
        kept.delete(e164);
        kept.set(e164, record);
      }
      return record;
    },
    mark: () => generation,
    keep(record, mark) {
      freezeDeep(record);
      if (mark === generation) {
        kept.delete(record.phoneNumber);
        kept.set(record.phoneNumber, record);
        if (kept.size > max) kept.delete(kept.keys().next().value!);
      }
      return record;
    },
  };
}
